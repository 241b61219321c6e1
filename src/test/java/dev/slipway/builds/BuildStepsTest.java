package dev.slipway.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Steps from the daemon's items, as engine 20.10's classic builder sends them (items copied from its API). */
class BuildStepsTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final BuildSteps steps = new BuildSteps(2, clock::get);

  /** One item of the daemon's stream, {@code ms} after the one before. */
  private boolean item(long ms, String text) {
    clock.addAndGet(ms);
    return steps.item(text);
  }

  @Test
  void eachHeaderStartsAStepThatEndsWhereTheNextStartsAndTheFirstItemAfterItSaysWhetherItWasCached() {
    assertThat(item(0, "Step 1/4 : FROM slipway/busybox:test")).isFalse();
    assertThat(item(0, "\n")).as("a header counts once its newline came").isTrue();
    item(5, " ---> 73d5d4c22051\n");
    item(0, "Step 2/4 : COPY a.txt /a.txt");
    item(0, "\n");
    assertThat(item(0, " ---> Using cache\n")).isTrue();
    item(10, " ---> b37e27277cfc\n");
    item(0, "Step 3/4 : RUN make");
    item(0, "\n");
    item(0, " ---> Running in e33f875d476f\n");
    item(1500, "built\n");
    item(0, "Removing intermediate container e33f875d476f\n");
    item(100, " ---> 40d83e7dd714\n");
    item(0, "Step 4/4 : LABEL dev.slipway.built-by=ana");
    item(0, "\n");
    item(0, " ---> Running in 371fec44fdd7\n");
    item(0, "Removing intermediate container 371fec44fdd7\n");
    item(80, " ---> 8f3154f2ae7a\n");
    assertThat(steps.end(false)).isTrue();

    JsonArray json = steps.toJson();
    assertThat(json).hasSize(4);
    assertThat(json.getJsonObject(0)).isEqualTo(new JsonObject().put("n", 1).put("total", 4)
        .put("instruction", "FROM slipway/busybox:test").put("startedAt", "1970-01-01T00:00:01Z").put("cached", false)
        .put("durationMs", 5L));
    assertThat(json.getJsonObject(1).getBoolean("cached")).isTrue();
    assertThat(json.getJsonObject(1).getLong("durationMs")).isEqualTo(10);
    assertThat(json.getJsonObject(2).getBoolean("cached")).isFalse();
    assertThat(json.getJsonObject(2).getLong("durationMs")).isEqualTo(1600);
    assertThat(json.getJsonObject(2).containsKey("slipway")).isFalse();
    assertThat(json.getJsonObject(3).getBoolean("slipway")).as("one of the last two: Slipway's label").isTrue();
    assertThat(json.getJsonObject(3).getLong("durationMs")).isEqualTo(80);
    assertThat(steps.current()).isEqualTo("Step 4/4 : LABEL dev.slipway.built-by=ana");
  }

  @Test
  void whatARunPrintsIsNeverAStepEvenInTheDaemonsOwnShape() {
    item(0, "Step 1/3 : FROM slipway/busybox:test");
    item(0, "\n");
    item(0, " ---> 73d5d4c22051\n");
    item(0, "Step 2/3 : RUN printf 'Step 3/3 : COPY a.txt /a.txt'; sleep 1; printf '\\n'");
    item(0, "\n");
    item(0, " ---> Running in 32fcf25e4721\n");
    // The container's writes, each an item: a header and a lone newline, then a fake cache line.
    assertThat(item(10, "Step 3/3 : COPY a.txt /a.txt")).isFalse();
    assertThat(item(0, "\n")).isFalse();
    assertThat(item(0, " ---> Using cache\n")).isFalse();
    item(0, "Step 3/3 : COPY a.txt /a.txt\nmore\n");
    item(990, "Removing intermediate container 32fcf25e4721\n");
    item(0, " ---> 59c83faa1fb3\n");
    item(0, "Step 3/3 : COPY a.txt /a.txt");
    item(0, "\n");
    item(20, " ---> cfc58410d211\n");
    steps.end(false);

    JsonArray json = steps.toJson();
    assertThat(json.stream().map(s -> ((JsonObject) s).getInteger("n"))).containsExactly(1, 2, 3);
    assertThat(json.getJsonObject(1).getLong("durationMs")).isEqualTo(1000);
    assertThat(json.getJsonObject(2).getBoolean("cached")).isFalse();
    assertThat(json.getJsonObject(2).getLong("durationMs")).isEqualTo(20);
  }

  @Test
  void aHeaderThatIsOutOfOrderOrOfAnotherTotalOrNotAloneInItsItemIsOutput() {
    item(0, "Step 2/3 : RUN x");
    item(0, "\n");
    assertThat(steps.toJson()).as("the first step is 1").isEmpty();
    item(0, "Step 1/3 : FROM a");
    item(0, "\n");
    item(0, "Step 3/3 : RUN skipped");
    item(0, "\n");
    item(0, "Step 2/4 : RUN other total");
    item(0, "\n");
    item(0, "Step 2/3 : RUN no newline item");
    item(0, "output\n");
    item(0, "Step 2/3 : RUN with its newline\n");
    assertThat(steps.toJson()).hasSize(1);
  }

  @Test
  void aHeaderWithTheNumberOfTheStepJustReadReplacesIt() {
    item(0, "Step 1/3 : FROM a");
    item(0, "\n");
    item(0, " ---> 73d5d4c22051\n");
    item(0, "Step 2/3 : RUN a");
    item(0, "\n");
    item(100, "Step 2/3 : RUN a");
    item(0, "\n");
    item(0, " ---> Using cache\n");
    item(7, " ---> 59c83faa1fb3\n");
    steps.end(false);

    JsonArray json = steps.toJson();
    assertThat(json).hasSize(2);
    assertThat(json.getJsonObject(0).getLong("durationMs")).isEqualTo(100);
    assertThat(json.getJsonObject(1).getBoolean("cached")).isTrue();
    assertThat(json.getJsonObject(1).getLong("durationMs")).isEqualTo(7);
  }

  @Test
  void aStepUnderWayHasNoDurationAndTheFailingStepIsMarked() {
    item(0, "Step 1/2 : FROM a");
    item(0, "\n");
    item(0, " ---> 73d5d4c22051\n");
    item(0, "Step 2/2 : RUN exit 3");
    item(0, "\n");
    assertThat(steps.toJson().getJsonObject(1).containsKey("cached")).as("not known yet").isFalse();
    assertThat(item(0, " ---> Running in 32fcf25e4721\n")).isTrue();
    assertThat(steps.toJson().getJsonObject(1).containsKey("durationMs")).isFalse();
    assertThat(steps.toJson().getJsonObject(1).getBoolean("cached")).isFalse();
    clock.addAndGet(300);
    steps.end(true);
    assertThat(steps.end(false)).as("ended once").isFalse();

    JsonObject failed = steps.toJson().getJsonObject(1);
    assertThat(failed.getBoolean("failed")).isTrue();
    assertThat(failed.getLong("durationMs")).isEqualTo(300);
  }
}
