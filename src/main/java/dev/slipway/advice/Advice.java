package dev.slipway.advice;

import io.vertx.core.json.JsonObject;

/** One piece of advice: the rule, the Dockerfile's line it is about (1-based) and what to do, in words. */
public record Advice(Rule rule, int line, String message) {
  public JsonObject toJson() {
    return new JsonObject().put("rule", rule.name()).put("line", line).put("message", message);
  }
}
