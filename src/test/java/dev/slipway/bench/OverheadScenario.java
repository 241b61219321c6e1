package dev.slipway.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Build and run overhead: the same small context built without cache through Slipway (a raw tar body, followed on
 * the job's event stream to its end) and with {@code docker build --no-cache} (classic builder, as Slipway uses);
 * then a run until its job is {@code running} with a container, against {@code docker run -d} with the limits
 * Slipway gives a run by default. Several repetitions in alternating order; medians compared.
 */
final class OverheadScenario implements Scenario {
  private static final String DOCKERFILE = "FROM " + Engine.BUSYBOX + "\nCOPY payload.txt /payload.txt\n"
      + "RUN wc -c /payload.txt\nRUN echo built > /built\n";

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    Engine engine = bench.engine();
    Api api = bench.api();
    Path context = engine.context("overhead", Map.of("Dockerfile", DOCKERFILE,
        "payload.txt", "0123456789abcdef\n".repeat(4096)));
    Process tar = new ProcessBuilder("tar", "-C", context.toString(), "-cf", "-", ".").start();
    byte[] archive = tar.getInputStream().readAllBytes();
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar failed");
    }
    List<Double> cliBuilds = new ArrayList<>();
    List<Double> slipwayBuilds = new ArrayList<>();
    List<Double> cliRuns = new ArrayList<>();
    List<Double> slipwayRuns = new ArrayList<>();
    // One round unmeasured first (rep -1): the server compiles its hot paths in it, the engine warms its caches.
    for (int rep = -1; rep < bench.config().reps; rep++) {
      List<Double> discard = rep >= 0 ? null : new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        if ((k + rep + 2) % 2 == 0) {
          long start = System.nanoTime();
          engine.docker("build", "--no-cache", "-q", "-t", engine.tag("cli-" + (rep + 1)), context.toString());
          (discard == null ? cliBuilds : discard).add((System.nanoTime() - start) / 1e6);
          start = System.nanoTime();
          String container = engine.docker("run", "-d", "--label", "slipway-bench=" + engine.runId, "--memory", "1g",
              "--memory-swap", "1g", "--cpus", "1", "--pids-limit", "1024", Engine.BUSYBOX, "sleep", "3600");
          (discard == null ? cliRuns : discard).add((System.nanoTime() - start) / 1e6);
          engine.removeContainer(container);
        } else {
          String tag = URLEncoder.encode(engine.tag("slipway-" + (rep + 1)), StandardCharsets.UTF_8);
          long start = System.nanoTime();
          Api.Response made = api.call(HttpMethod.POST, "/api/builds?noCache=true&tag=" + tag, Buffer.buffer(archive),
              "application/x-tar");
          Api.expect(made, 202, "submit a build");
          JsonObject built = follow(api, made.json().getString("id"), Api::ended);
          (discard == null ? slipwayBuilds : discard).add((System.nanoTime() - start) / 1e6);
          if (!"succeeded".equals(built.getString("state"))) {
            throw new IllegalStateException("the build through Slipway ended " + built.encode());
          }
          start = System.nanoTime();
          String id = api.submitRun(Generators.sleeper()).getString("id");
          JsonObject running = follow(api, id, Api::running);
          (discard == null ? slipwayRuns : discard).add((System.nanoTime() - start) / 1e6);
          engine.removeContainer(running.getString("containerId"));
        }
      }
    }
    int reps = bench.config().reps;
    compare(table, "build --no-cache", cliBuilds, slipwayBuilds, reps);
    compare(table, "run until running", cliRuns, slipwayRuns, reps);
  }

  private void compare(Table table, String what, List<Double> cli, List<Double> slipway, int reps) {
    double cliMedian = Stats.median(cli);
    double slipwayMedian = Stats.median(slipway);
    table.info(name(), what + ": docker CLI, median of " + reps, Stats.ms(cliMedian));
    table.check(name(), what + ": Slipway, median of " + reps, Stats.ms(slipwayMedian) + " ("
        + Stats.ratio(slipwayMedian, cliMedian) + ")", "≤ 1.10× the CLI", slipwayMedian <= 1.10 * cliMedian);
  }

  /** Follows the job's event stream until a {@code state} event satisfies {@code until}; returns that job. */
  static JsonObject follow(Api api, String id, Predicate<JsonObject> until) {
    Promise<JsonObject> done = Promise.promise();
    SseStream[] stream = {null};
    api.stream("/api/jobs/" + id + "/events", new SseStream.Listener() {
      @Override
      public void log(long lineId, byte[] data, int length, long arrivalNanos) {
      }

      @Override
      public void event(String name, String data) {
        if ("state".equals(name) && until.test(new JsonObject(data))) {
          done.tryComplete(new JsonObject(data));
        }
      }

      @Override
      public void closed(Throwable failure) {
        done.tryFail(failure != null ? failure : new IllegalStateException("the stream of " + id + " ended first"));
      }
    }).onSuccess(s -> stream[0] = s).onFailure(done::tryFail);
    JsonObject job = Api.await(done.future());
    if (stream[0] != null) {
      stream[0].close();
    }
    return job;
  }
}
