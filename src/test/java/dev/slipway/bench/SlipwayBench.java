package dev.slipway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's client ({@code bench/run} starts it after starting Slipway): runs the named scenarios, in this
 * order, against the Slipway process given by BENCH_PORT and BENCH_PID, and prints the result table on stdout.
 * Not a test: surefire never runs it (no class here is named like a test).
 */
public final class SlipwayBench {
  private SlipwayBench() {
  }

  static Map<String, Scenario> all() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    for (Scenario s : new Scenario[] {new ReplayScenario(), new LatencyScenario(), new FanoutScenario(),
        new FloodScenario(), new IdleScenario(), new OverheadScenario()}) {
      all.put(s.name(), s);
    }
    return all;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Map<String, Scenario> all = all();
    List<Scenario> chosen = new ArrayList<>();
    for (String name : args.length == 0 ? all.keySet().toArray(new String[0]) : args) {
      Scenario scenario = all.get(name);
      if (scenario == null) {
        throw new IllegalArgumentException("no scenario " + name + "; there are " + all.keySet());
      }
      chosen.add(scenario);
    }
    BenchConfig config = new BenchConfig(env);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    String password = env.get("SLIPWAY_ADMIN_PASSWORD");
    Table table = new Table();
    try (Api api = new Api(vertx, Integer.parseInt(env.get("BENCH_PORT")), password);
         ServerProbe probe = new ServerProbe(Long.parseLong(env.get("BENCH_PID")), Path.of(env.get("BENCH_LOG")))) {
      api.useToken();
      Engine engine = new Engine(env.get("BENCH_RUN_ID"), Path.of(env.get("BENCH_WORK")), env);
      Bench bench = new Bench(config, vertx, api, engine, probe, password);
      ServerProbe.Window whole = probe.window();
      for (Scenario scenario : chosen) {
        Progress.say("scenario %s", scenario.name());
        try {
          scenario.run(bench, table);
        } catch (Exception | AssertionError e) {
          Progress.say("scenario %s failed: %s", scenario.name(), e);
          Progress.trace(e);
          table.add(scenario.name(), "error", String.valueOf(e.getMessage()).replace('|', '/').replace('\n', ' '), "",
              Table.Verdict.ERROR);
        }
        if (!probe.alive()) {
          table.add(scenario.name(), "Slipway", "the server process is gone", "", Table.Verdict.ERROR);
          break;
        }
      }
      whole.close();
      table.info("all", "Slipway's own log", String.format("%,d bytes in all (%d OutOfMemoryError lines)",
          probe.logBytes(), probe.logMentions("OutOfMemoryError")));
      table.info("all", "Slipway's peak RSS (kernel high-water mark)", Stats.mb(probe.rssPeakBytes()));
    } finally {
      System.out.print(table.markdown());
      System.out.flush();
      vertx.close();
    }
    System.exit(0);
  }
}
