package dev.slipway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLogTest {
  private final Job job = new Job("run", null, RunRequest.from(new JsonObject().put("image", "busybox")
      .put("secretEnv", new JsonObject().put("TOKEN", "tok-123")), null));

  @Test
  void linesAreNumberedFromOneAndMasked() {
    job.append("stdout", "first");
    job.append("stderr", "token is tok-123");

    assertThat(job.linesAfter(0, 10)).containsExactly(
        new LogLine(1, "stdout", "first"), new LogLine(2, "stderr", "token is ••••"));
    assertThat(job.linesAfter(1, 10)).extracting(LogLine::n).containsExactly(2L);
  }

  @Test
  void pastItsLimitTheLogDropsItsOldestLinesAndKeepsCounting() {
    int total = Job.MAX_LINES + 25;
    for (int i = 1; i <= total; i++) {
      job.append("stdout", "line " + i);
    }

    JsonObject json = job.toJson();
    long dropped = json.getLong("droppedLines");
    assertThat(json.getLong("lines")).isEqualTo(total);
    assertThat(dropped).isPositive().isLessThan(total);
    List<LogLine> fromStart = job.linesAfter(0, 3);
    assertThat(fromStart).extracting(LogLine::n).containsExactly(dropped + 1, dropped + 2, dropped + 3);
    assertThat(job.linesAfter(total - 2, 10)).extracting(LogLine::text).containsExactly("line " + (total - 1),
        "line " + total);
  }

  @Test
  void anEndedJobTakesNoMoreLines() {
    job.finish("cancelled", new JsonObject());

    assertThat(job.append("stdout", "late")).isNull();
    assertThat(job.toJson().getLong("lines")).isZero();
  }
}
