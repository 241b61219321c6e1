package dev.slipway.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle connections: many event streams open on a quiet job (a sleeping container), as browser tabs left open. With
 * them held, the server's resident memory, and the dashboard page ({@code GET /} with a session cookie, as a browser
 * asks for it) timed 20 times a second; the same page timed before they connected, for comparison.
 */
final class IdleScenario implements Scenario {
  @Override
  public String name() {
    return "idle";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    BenchConfig config = bench.config();
    Api api = bench.api();
    String id = api.submitRun(Generators.sleeper()).getString("id");
    String container = api.awaitJob(id, 60, Api::running).getString("containerId");
    String cookie = api.signIn(bench.adminPassword());
    double[] before = dashboard(api, cookie, config.idleSeconds);
    long rssBefore = bench.probe().rssBytes();
    ProbeWindow window = bench.probe().window();
    List<Quiet> quiet = new ArrayList<>();
    Followers streams = Followers.open(api, "/api/jobs/" + id + "/events", config.idleConnections, i -> new Quiet(),
        quiet);
    try {
      double[] during = dashboard(api, cookie, config.idleSeconds);
      long rss = bench.probe().rssBytes();
      long open = quiet.stream().filter(q -> q.opened.future().succeeded() && !q.ended.future().isComplete()).count();
      window.close();
      String n = String.format("%,d", config.idleConnections);
      table.check(name(), "event streams open at once", String.format("%,d of %s (connected in %.1f s)", open, n,
          streams.connectSeconds), "all", open == config.idleConnections);
      table.check(name(), "server RSS with them open (peak)", Stats.mb(rss) + " (" + Stats.mb(window.peakRssBytes)
          + "; " + Stats.mb(rssBefore) + " before)", "≤ 512 MB", window.peakRssBytes <= 512 * 1024 * 1024);
      table.info(name(), "server peak heap", window.heap());
      double p99 = Stats.percentile(during.clone(), 99);
      table.check(name(), "dashboard GET / p99 (p50; " + during.length + " requests) with " + n + " streams open",
          Stats.ms(p99) + " (" + Stats.ms(Stats.percentile(during, 50)) + ")", "≤ 20 ms", p99 <= 20);
      table.info(name(), "dashboard GET / p99 (p50) with none open", Stats.ms(Stats.percentile(before.clone(), 99))
          + " (" + Stats.ms(Stats.percentile(before, 50)) + ")");
      table.info(name(), "server CPU while connecting and holding them", window.summary());
    } finally {
      streams.closeAll();
      // Removed rather than cancelled: sleep, as PID 1, ignores the stop signal and would hold a cancel for 10 s.
      bench.engine().removeContainer(container);
      Bench.quietly("see the job end", () -> api.awaitJob(id, 30, Api::ended));
    }
  }

  /** The dashboard page, 20 times a second for {@code seconds}, one after the other; each time in ms. */
  private static double[] dashboard(Api api, String cookie, int seconds) throws InterruptedException {
    int count = seconds * 20;
    double[] times = new double[count];
    for (int i = 0; i < count; i++) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI("/").putHeader("Cookie", cookie)
          .setIdleTimeout(10_000);
      Api.Response response = Api.await(api.send(options, null));
      Api.expect(response, 200, "load the dashboard");
      times[i] = response.ms();
      Thread.sleep(50);
    }
    return times;
  }

  /** Holds its stream open and does nothing with it. */
  static final class Quiet extends Followers.Follower {
    @Override
    void line(long id, byte[] data, int length, long arrivalNanos) {
    }
  }
}
