package dev.slipway.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StepComparisonTest {
  private static JsonObject step(int n, String instruction, boolean cached, Long ms) {
    JsonObject step = new JsonObject().put("n", n).put("total", 6).put("instruction", instruction).put("cached", cached);
    return ms == null ? step : step.put("durationMs", ms);
  }

  private static final JsonArray PREVIOUS = new JsonArray()
      .add(step(1, "FROM busybox", false, 5L))
      .add(step(2, "RUN slow", true, 10L))
      .add(step(3, "COPY app /app", true, 8L))
      .add(step(4, "RUN make", true, 9L))
      .add(step(5, "CMD [\"app\"]", true, 4L))
      .add(step(6, "LABEL dev.slipway.image={}", false, 90L).put("slipway", true));

  @Test
  void theFirstStepThatDidNotReuseThePreviousLayerIsNamedAndStepsThatTookLongerAreSlower() {
    JsonArray current = new JsonArray()
        .add(step(1, "FROM busybox", false, 6L))
        .add(step(2, "RUN slow", true, 12L))
        .add(step(3, "COPY app /app", false, 40L))
        .add(step(4, "RUN make", false, 900L))
        .add(step(5, "CMD [\"app\"]", false, 100L))
        .add(step(6, "LABEL dev.slipway.image={}", false, 95L).put("slipway", true));

    JsonObject comparison = StepComparison.compare("prev", PREVIOUS, current);

    assertThat(comparison.getString("previousJob")).isEqualTo("prev");
    assertThat(comparison.getInteger("firstCacheLost")).isEqualTo(3);
    JsonArray steps = comparison.getJsonArray("steps");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getInteger("n"))).as("Slipway's label left out")
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(steps.getJsonObject(0).getBoolean("cacheLost")).as("FROM is never cached").isFalse();
    assertThat(steps.getJsonObject(1)).isEqualTo(new JsonObject().put("n", 2).put("previousN", 2).put("previousMs", 10L)
        .put("cacheLost", false).put("changeMs", 2L).put("slower", false));
    assertThat(steps.getJsonObject(2).getBoolean("cacheLost")).isTrue();
    assertThat(steps.getJsonObject(2).getBoolean("slower")).as("32 ms more is noise").isFalse();
    assertThat(steps.getJsonObject(3).getLong("changeMs")).isEqualTo(891);
    assertThat(steps.getJsonObject(3).getBoolean("slower")).isTrue();
  }

  @Test
  void aChangedInstructionIsNewAndDoesNotShiftThePairsAfterIt() {
    JsonArray current = new JsonArray()
        .add(step(1, "FROM busybox", false, 5L))
        .add(step(2, "RUN faster", false, 10L))
        .add(step(3, "RUN added", false, 10L))
        .add(step(4, "COPY app /app", false, 8L))
        .add(step(5, "RUN make", false, 9L));

    JsonObject comparison = StepComparison.compare("prev", PREVIOUS, current);

    JsonArray steps = comparison.getJsonArray("steps");
    assertThat(steps.getJsonObject(1).getBoolean("new")).isTrue();
    assertThat(steps.getJsonObject(2).getBoolean("new")).isTrue();
    assertThat(steps.getJsonObject(3).getInteger("previousN")).isEqualTo(3);
    assertThat(steps.getJsonObject(4).getInteger("previousN")).isEqualTo(4);
    assertThat(comparison.getInteger("firstCacheLost")).as("a new step had no layer to reuse").isEqualTo(4);
  }

  @Test
  void aStepUnderWayIsComparedOnceTheDaemonSaidWhetherItWasCached() {
    JsonArray current = new JsonArray()
        .add(step(1, "FROM busybox", false, 5L))
        .add(new JsonObject().put("n", 2).put("total", 6).put("instruction", "RUN slow"));

    JsonObject undecided = StepComparison.compare("prev", PREVIOUS, current);
    assertThat(undecided.getValue("firstCacheLost")).isNull();
    assertThat(undecided.getJsonArray("steps").getJsonObject(1).containsKey("changeMs")).isFalse();

    current.getJsonObject(1).put("cached", false);
    assertThat(StepComparison.compare("prev", PREVIOUS, current).getInteger("firstCacheLost")).isEqualTo(2);
  }
}
