package dev.slipway.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, when, from where, with what outcome. Writers pass no secret value: targets and details are names,
 * ids and messages that are shown to users anyway. A failed write is logged, never fails the action it records.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  public static final String OK = "ok";
  public static final String DENIED = "denied";
  public static final String FAILED = "failed";

  private final Pool db;

  public AuditLog(Pool db) {
    this.db = db;
  }

  /** {@code user} and {@code address} may be null (Slipway itself, or a verticle with no client address). */
  public Future<Void> record(String user, String address, String action, String target, String outcome,
                             String detail) {
    return db.preparedQuery("INSERT INTO audit (at, user_name, address, action, target, outcome, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(new Object[] {System.currentTimeMillis(), cut(user, 64), cut(address, 64), cut(action, 64),
            cut(target, 300), cut(outcome, 16), cut(detail, 2000)}))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("could not write the audit record {} {}: {}", action, target, e.getMessage());
          return Future.succeededFuture();
        });
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
