package dev.slipway.auth;

import dev.slipway.audit.AuditLog;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks passwords and API tokens: throttled per account and client address, off the event loop, with every failure
 * in the audit log (the address and the account, never what was typed as the password).
 */
public final class Authenticator {
  /** How a password reached the server, for the audit log. */
  public enum Via {
    FORM("login form"), BASIC("HTTP Basic"), PASSWORD_CHANGE("current password for a password change");

    private final String text;

    Via(String text) {
      this.text = text;
    }
  }

  /** An attempt refused unchecked because of earlier failures: answer 429 with {@code Retry-After}. */
  public static final class TooManyAttempts extends RuntimeException {
    private final long retryAfterSeconds;

    TooManyAttempts(long waitMs) {
      super("too many failed sign-ins from this address or for this account: try again in "
          + Math.max(1, (waitMs + 999) / 1000) + " s", null, false, false);
      this.retryAfterSeconds = Math.max(1, (waitMs + 999) / 1000);
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  private final Vertx vertx;
  private final Users users;
  private final ApiTokens tokens;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final VerifiedPasswords verified = new VerifiedPasswords();
  /** Checks under way, by the keyed hash of their name and password (never the password itself). */
  private final Map<String, Future<Caller>> checking = new ConcurrentHashMap<>();
  /** Checked against for unknown names, so that a missing user answers as slowly as a wrong password. */
  private final Future<String> decoyHash;

  public Authenticator(Vertx vertx, Users users, ApiTokens tokens, LoginThrottle throttle, AuditLog audit) {
    this.vertx = vertx;
    this.users = users;
    this.tokens = tokens;
    this.throttle = throttle;
    this.audit = audit;
    this.decoyHash = vertx.executeBlocking(() -> Passwords.hash(Passwords.randomSecret(18)), false);
  }

  /** The caller, or a 401 for a wrong name or password, or {@link TooManyAttempts}. */
  public Future<Caller> password(String name, String password, String address, Via via) {
    long wait = throttle.waitMs(name, address);
    if (wait > 0) {
      return Future.failedFuture(new TooManyAttempts(wait));
    }
    return users.find(name).compose(account -> {
      String fingerprint = verified.fingerprint(name, password);
      // A pair proven a few minutes ago (HMAC only, no Argon2) passes at once, however many requests come together.
      if (account != null && verified.matches(fingerprint, account.passwordHash(), System.currentTimeMillis())) {
        return Future.succeededFuture(new Caller(account.name(), account.role()));
      }
      // The same pair already being checked (a script opening 20 streams at once): its answer is theirs too, one
      // attempt, not twenty refused as too many at once; the same wrong guess sent many times counts once.
      Future<Caller> same = checking.get(fingerprint);
      if (same != null) {
        return same;
      }
      long waitNow = throttle.begin(name, address);
      if (waitNow > 0) {
        return Future.failedFuture(new TooManyAttempts(waitNow));
      }
      Future<Caller> attempt = checkPassword(account, name, password, address, via).onComplete(done -> {
        throttle.end(name, address);
        checking.remove(fingerprint);
      });
      if (!attempt.isComplete()) {
        checking.put(fingerprint, attempt);
      }
      return attempt;
    });
  }

  private Future<Caller> checkPassword(Users.Account account, String name, String password, String address, Via via) {
    return check(account, name, password).compose(ok -> {
      if (ok) {
        throttle.succeeded(name, address);
        return Future.succeededFuture(new Caller(account.name(), account.role()));
      }
      boolean throttledNow = throttle.failed(name, address);
      audit.record(null, address, via == Via.PASSWORD_CHANGE ? "password.check" : "login",
          account == null ? "(unknown user)" : account.name(), AuditLog.FAILED,
          (account == null ? "no such user" : "wrong password") + " (" + via.text + ")"
              + (throttledNow ? "; further attempts wait" : ""));
      return Future.failedFuture(new BadRequest(401, "wrong user name or password"));
    });
  }

  /** The caller a personal API token stands for, or a 401, or {@link TooManyAttempts}. */
  public Future<Caller> token(String token, String address) {
    // A token lookup is one hash and one query, and tokens cannot be guessed: scripts may send many at once.
    long wait = throttle.waitMs(null, address);
    if (wait > 0) {
      return Future.failedFuture(new TooManyAttempts(wait));
    }
    return checkToken(token, address);
  }

  private Future<Caller> checkToken(String token, String address) {
    return tokens.find(token).compose(caller -> {
      if (caller != null) {
        return Future.succeededFuture(caller);
      }
      boolean throttledNow = throttle.failed(null, address);
      audit.record(null, address, "login", "(API token)", AuditLog.FAILED,
          "unknown or revoked token" + (throttledNow ? "; further attempts wait" : ""));
      return Future.failedFuture(new BadRequest(401, "unknown or revoked API token"));
    });
  }

  /** Argon2id off the event loop, unless this very pair passed it a few minutes ago against the same hash. */
  private Future<Boolean> check(Users.Account account, String name, String password) {
    if (account == null) {
      return decoyHash.compose(decoy -> vertx.executeBlocking(() -> {
        Passwords.verify(password, decoy);
        return false;
      }, false));
    }
    long now = System.currentTimeMillis();
    return vertx.executeBlocking(() -> {
      String fingerprint = verified.fingerprint(name, password);
      if (verified.matches(fingerprint, account.passwordHash(), now)) {
        return true;
      }
      boolean ok = Passwords.verify(password, account.passwordHash());
      if (ok) {
        verified.remember(fingerprint, account.passwordHash(), now);
      }
      return ok;
    }, false);
  }
}
