package dev.slipway.web;

import dev.slipway.auth.Authenticator;
import dev.slipway.domain.BadRequest;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP status and a message a user can act on, from whatever went wrong behind a request; {@code fields} names
 * each field a refusal found wrong ({@link BadRequest#fields()}), empty when it names none.
 */
record HttpError(int status, String message, Map<String, String> fields) {
  private static final Logger LOG = LoggerFactory.getLogger(HttpError.class);

  /** A request refused before it reached any service. */
  static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  HttpError(int status, String message) {
    this(status, message, Map.of());
  }

  /** The answer's JSON: {@code {"error"}}, and {@code "fields": {"ports": "…"}} when the refusal names fields. */
  JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", message);
    if (!fields.isEmpty()) {
      JsonObject named = new JsonObject();
      fields.forEach(named::put);
      json.put("fields", named);
    }
    return json;
  }

  static HttpError of(Throwable e) {
    if (e instanceof Refused refused) {
      return new HttpError(refused.status, refused.getMessage());
    }
    if (e instanceof Authenticator.TooManyAttempts tooMany) {
      return new HttpError(429, tooMany.getMessage());
    }
    if (e instanceof BadRequest bad) {
      return new HttpError(bad.code(), bad.getMessage(), bad.fields());
    }
    if (e instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new HttpError(503, "a Slipway service is not running (no handler for " + "the request)");
        case TIMEOUT -> new HttpError(504, "a Slipway service did not answer in time");
        default -> {
          // A refusal's fields travel after its message (BadRequest#wire).
          BadRequest refusal = BadRequest.fromWire(reply.failureCode(), reply.getMessage());
          yield new HttpError(reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 500,
              refusal.getMessage(), refusal.fields());
        }
      };
    }
    if (e instanceof HttpException http) {
      return new HttpError(http.getStatusCode(), http.getPayload() != null ? http.getPayload() : reason(http.getStatusCode()));
    }
    LOG.error("unexpected failure", e);
    return new HttpError(500, "internal error: " + e.getClass().getSimpleName());
  }

  /**
   * A failure the router gave a status: a 4xx it chose itself (a missing or malformed Host header, a path that does
   * not start with /) is the client's mistake, so its message is the answer and the log only hears of it at DEBUG.
   */
  static HttpError of(Throwable e, int status) {
    boolean ours = e instanceof Refused || e instanceof BadRequest || e instanceof ReplyException
        || e instanceof HttpException;
    if (!ours && status >= 400 && status < 500) {
      LOG.debug("request refused with {}: {}", status, e.getMessage());
      return new HttpError(status, e.getMessage() != null ? e.getMessage() : reason(status));
    }
    return of(e);
  }

  static HttpError ofStatus(int status) {
    return new HttpError(status, reason(status));
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 413 -> "the upload is larger than the upload limit";
      case 415 -> "unsupported content type";
      case 421 -> "misdirected request";
      case 429 -> "too many requests";
      default -> "HTTP " + status;
    };
  }
}
