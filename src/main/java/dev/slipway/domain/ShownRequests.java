package dev.slipway.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A job's request as the API shows it ({@code build} or {@code run} of the job's JSON) turned back into a request
 * body, for a re-run and for a queued job taken up after a restart: the one place that knows which shown fields are
 * display-only.
 */
public final class ShownRequests {
  /** Shown, never sent: who ran it, the limit every container gets anyway, and whether the context was uploaded. */
  private static final Set<String> SHOWN_ONLY = Set.of("user", "pidsLimit", "upload");

  private ShownRequests() {
  }

  /** No display-only fields, no nulls, and no secret env (its values are never stored: they are entered again). */
  public static JsonObject asBody(JsonObject shown) {
    JsonObject body = new JsonObject();
    shown.forEach(e -> {
      if (e.getValue() != null && !SHOWN_ONLY.contains(e.getKey())) {
        body.put(e.getKey(), e.getValue() instanceof JsonObject o ? o.copy()
            : e.getValue() instanceof JsonArray a ? a.copy() : e.getValue());
      }
    });
    body.remove("secretEnv");
    return body;
  }
}
