package dev.slipway.store;

import java.sql.SQLException;

/**
 * Why PostgreSQL could not be reached or brought up to date at start-up, said once, plainly: which database (without
 * the password), and the driver's own reason (refused, unknown host, wrong password, no such database).
 */
final class PostgresFailure {
  private PostgresFailure() {
  }

  /**
   * The exception to stop the start with. It carries no cause: the chain below comes from drivers and Flyway, and
   * whatever they put in their messages must not reach the log unchecked. The reason is copied, the password masked.
   */
  static IllegalStateException describe(DatabaseUrl url, Throwable failure) {
    String reason = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getMessage() != null) {
        reason = sql.getMessage();
        break;
      }
    }
    if (reason == null) {
      reason = failure.getClass().getSimpleName();
    }
    if (!url.password().isEmpty()) {
      reason = reason.replace(url.password(), "****");
    }
    return new IllegalStateException("the PostgreSQL database " + url + " (SLIPWAY_DATABASE_URL) could not be "
        + "reached or migrated: " + reason.strip());
  }
}
