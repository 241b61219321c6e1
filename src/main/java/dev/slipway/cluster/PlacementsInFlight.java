package dev.slipway.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The jobs a front desk has placed that a count read from the database may not include yet. A placement reads the
 * per-node counts and decides when they come back; a burst's placements all read before any of the burst's rows is
 * written. So a placement counts, besides the database's counts, every job this desk placed that was not yet accepted
 * when its read began: still on its way, or accepted (its row written) after that moment. Jobs the desk keeps for its
 * own node count too: they are as invisible to the database until accepted as those handed to other nodes.
 * Event-loop confined.
 */
public final class PlacementsInFlight {
  /** No count is read for longer than this: an acceptance older than it is in every count read since. */
  private static final long FORGET_AFTER_MS = 60_000;
  private final LongSupplier clock;
  private final List<Placed> placed = new ArrayList<>();

  public PlacementsInFlight(LongSupplier clock) {
    this.clock = clock;
  }

  /** The moment a count is about to be read: what was accepted before it is in that count. */
  public long readStarts() {
    return clock.getAsLong();
  }

  /** Records a job placed on {@code node}; {@link Placed#accepted()} once the node has written its row (or refused). */
  public Placed place(String node) {
    Placed one = new Placed(node);
    placed.add(one);
    return one;
  }

  /** Per node, the placed jobs a count whose read started at {@code readStartedAt} does not include. */
  public Map<String, Integer> notCounted(long readStartedAt) {
    long now = clock.getAsLong();
    placed.removeIf(p -> p.acceptedAt >= 0 && now - p.acceptedAt > FORGET_AFTER_MS);
    Map<String, Integer> counts = new HashMap<>();
    for (Placed p : placed) {
      if (p.acceptedAt < 0 || p.acceptedAt >= readStartedAt) {
        counts.merge(p.node, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** One placement. */
  public final class Placed {
    private final String node;
    private long acceptedAt = -1;

    private Placed(String node) {
      this.node = node;
    }

    /** The node has answered: from now on a fresh count includes the job (or there is no job to count). */
    public void accepted() {
      if (acceptedAt < 0) {
        acceptedAt = clock.getAsLong();
      }
    }
  }
}
