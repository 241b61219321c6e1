package dev.slipway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's client. {@code bench/run} starts a fresh Slipway for each scenario and then this with the
 * scenario's name: it runs it against the server given by BENCH_PORT and BENCH_PID and appends its rows to
 * BENCH_ROWS. {@code --print FILE} prints the rows gathered so far as one Markdown table on stdout.
 * Not a test: surefire never runs it (no class here is named like a test).
 */
public final class SlipwayBench {
  private SlipwayBench() {
  }

  static Map<String, Scenario> all() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    for (Scenario s : new Scenario[] {new ReplayScenario(), new LatencyScenario(), new FanoutScenario(),
        new FloodScenario(), new IdleScenario(), new OverheadScenario(), new ClusterFanoutScenario(),
        new ClusterDispatchScenario()}) {
      all.put(s.name(), s);
    }
    return all;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--print")) {
      System.out.print(Table.read(Path.of(args[1])).markdown());
      return;
    }
    Map<String, String> env = System.getenv();
    List<Scenario> chosen = new ArrayList<>();
    for (String name : args) {
      Scenario scenario = all().get(name);
      if (scenario == null) {
        throw new IllegalArgumentException("no scenario " + name + "; there are " + all().keySet());
      }
      chosen.add(scenario);
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    String password = env.get("SLIPWAY_ADMIN_PASSWORD");
    Table table = new Table();
    // The cluster scenarios start their own nodes: bench/run then starts no server and sets no BENCH_PORT.
    boolean server = env.get("BENCH_PORT") != null && !env.get("BENCH_PORT").isBlank();
    try (Api api = server ? new Api(vertx, Integer.parseInt(env.get("BENCH_PORT")), password) : null;
         ServerProbe probe = server ? new ServerProbe(Long.parseLong(env.get("BENCH_PID")),
             Path.of(env.get("BENCH_LOG"))) : null) {
      if (api != null) {
        api.useToken();
      }
      Engine engine = new Engine(env.get("BENCH_RUN_ID"), Path.of(env.get("BENCH_WORK")), env);
      Bench bench = new Bench(new BenchConfig(env), vertx, api, engine, probe, password,
          new NodeLauncher(vertx, env));
      for (Scenario scenario : chosen) {
        run(bench, scenario, table);
      }
    } finally {
      table.append(Path.of(env.get("BENCH_ROWS")));
      vertx.close();
    }
    System.exit(0);
  }

  private static void run(Bench bench, Scenario scenario, Table table) {
    ServerProbe probe = bench.probe();
    Progress.say("scenario %s", scenario.name());
    try {
      scenario.run(bench, table);
    } catch (Exception | AssertionError e) {
      Progress.say("scenario %s failed: %s", scenario.name(), e);
      Progress.trace(e);
      table.add(scenario.name(), "error", String.valueOf(e.getMessage()).replace('|', '/').replace('\n', ' '), "",
          Table.Verdict.ERROR);
    }
    if (probe == null) {
      return; // a scenario that started its own nodes reported on each
    }
    if (!probe.alive() || !bench.api().answers()) {
      table.add(scenario.name(), "Slipway after the scenario", probe.alive() ? "no longer answers /health"
          : "the process is gone", "", Table.Verdict.ERROR);
    }
    serverRows(scenario.name(), "", probe, table);
  }

  /** Its own log (size, OutOfMemoryErrors, the line it logged most often) and its peak RSS: rows of every server. */
  static void serverRows(String scenario, String who, ServerProbe probe, Table table) {
    table.info(scenario, who + "Slipway's own log; its peak RSS (kernel high-water mark)", String.format(
        "%,d bytes, %d OutOfMemoryError lines; %s", probe.log.bytes(), probe.log.mentions("OutOfMemoryError"),
        Stats.mb(probe.rssPeakBytes())));
    table.info(scenario, who + "the line Slipway logged most often",
        probe.log.mostFrequentLine().replace('|', '/').replace('\t', ' '));
  }
}
