package dev.slipway.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out: many clients on one job printing fast. Every client must get every line, in order, once: each checks
 * that the event ids go up by one and that the numbers in the lines do too. Reported with how long after the engine
 * logged the last line the last client had it, and the server's CPU, heap and RSS meanwhile.
 */
final class FanoutScenario implements Scenario {
  @Override
  public String name() {
    return "fanout";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    BenchConfig config = bench.config();
    int total = config.fanoutRate * config.fanoutSeconds;
    int clients = config.fanoutClients;
    Api api = bench.api();
    String id = api.submitRun(Generators.paced(config.fanoutRate, config.fanoutSeconds, "fan")).getString("id");
    String container = api.awaitJob(id, 60, Api::running).getString("containerId");
    List<InOrder> followers = new ArrayList<>();
    Followers streams = Followers.open(api, "/api/jobs/" + id + "/events", clients, i -> new InOrder(), followers);
    try {
      ProbeWindow window = bench.probe().window();
      bench.engine().docker("exec", container, "touch", Generators.GO_FILE);
      int ended = streams.awaitEnds(config.fanoutSeconds + 180, config.quick ? 10 : 30);
      window.close();
      long[] lastLogged = {0};
      bench.engine().logs.read(container, true, (at, text) -> lastLogged[0] = Math.max(lastLogged[0], at));
      int complete = 0;
      long fewest = Long.MAX_VALUE;
      long disorder = 0;
      long lastArrival = 0;
      for (InOrder follower : followers) {
        boolean all = follower.gotEnd && follower.count == total && follower.lastNumber == total
            && follower.disorder == 0;
        complete += all ? 1 : 0;
        fewest = Math.min(fewest, follower.count);
        disorder += follower.disorder;
        lastArrival = Math.max(lastArrival, follower.lastArrival);
      }
      String size = String.format("%,d clients, %,d lines/s for %d s", clients, config.fanoutRate,
          config.fanoutSeconds);
      table.check(name(), "clients with every line, in order, once (" + size + ")",
          complete + " / " + clients, "all", complete == clients);
      table.info(name(), "fewest lines a client got; ids or numbers out of order",
          String.format("%,d of %,d; %d", fewest, total, disorder));
      table.info(name(), "streams ended; reconnects after a cut-off", ended + "; " + streams.reconnects());
      table.info(name(), "last line at the last client, after the engine logged it",
          complete < clients ? "n/a (not every client got every line)"
              : Stats.ms((Bench.epochNanos(lastArrival) - lastLogged[0]) / 1e6));
      table.info(name(), "server CPU", window.summary());
      table.check(name(), "server peak heap", window.heap(), "≤ 256 MB, no full GC", window.heapWithinTarget());
    } finally {
      streams.closeAll();
      bench.engine().removeContainer(container);
      Bench.quietly("see the job end", () -> api.awaitJob(id, 30, Api::ended));
    }
  }

  /** Counts lines and checks their order: ids one up each time, and the generator's numbers one up each time. */
  static final class InOrder extends Followers.Follower {
    long count;
    long lastNumber;
    long previousId;
    long disorder;
    long lastArrival;

    @Override
    void line(long id, byte[] data, int length, long arrivalNanos) {
      if (previousId != 0 && id != previousId + 1) {
        disorder++;
      }
      previousId = id;
      if (length > 4 && data[0] == 'f' && data[1] == 'a' && data[2] == 'n' && data[3] == ' ') {
        long n = SseStream.trailingNumber(data, length);
        if (n != lastNumber + 1) {
          disorder++;
        }
        lastNumber = n;
        count++;
        lastArrival = arrivalNanos;
      }
    }
  }
}
