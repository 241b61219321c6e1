package dev.slipway.builds;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a classic-builder build, read from the daemon's {@code stream} items as they come (one item is one
 * write of the daemon, not a line). What makes an item a step's header, and not a build's output that looks like one:
 * <ul>
 *   <li>The daemon writes a header as an item of its own, {@code Step N/M : INSTRUCTION} with no newline, and the
 *   newline as the next item; a program's line comes as one item with its newline (a header is confirmed only by the
 *   lone newline after it).</li>
 *   <li>A header never comes while an intermediate container runs: from the daemon's {@code  ---> Running in ID} until
 *   {@code Removing intermediate container ID} or the step's {@code  ---> IMAGE}, every item is that container's
 *   output, whatever it says (a {@code RUN} that prints {@code Step 3/5 : …} in two writes included).</li>
 *   <li>Steps are numbered 1, 2, 3… out of one total: a header out of that order is output. A header with the number
 *   of the step just read replaces it: only the real one can come after an imitation.</li>
 * </ul>
 * A step is cached when the daemon's first item after its header is {@code  ---> Using cache}: it comes before any
 * container is made, so no output can imitate it. A build that forges all of this in its own output misleads only its
 * own timeline; its outcome and image id come from the daemon's structured items. Thread-safe.
 */
public final class BuildSteps {
  /** At most this many steps are kept; the rest of a huge Dockerfile is left out of the timeline. */
  static final int MAX_STEPS = 500;
  static final int MAX_INSTRUCTION = 500;
  private static final Pattern HEADER = Pattern.compile("Step (\\d{1,6})/(\\d{1,6}) : ([^\\n]*)");
  private static final Pattern RUNNING_IN = Pattern.compile(" ---> Running in ([0-9a-f]{12})\n");
  private static final Pattern LAYER = Pattern.compile(" ---> [0-9a-f]{12}\n");
  private static final String USING_CACHE = " ---> Using cache\n";

  private final LongSupplier clock;
  private final int slipwayLabels;
  private final List<Step> steps = new ArrayList<>();
  private Step pending;
  private boolean firstAfterHeader;
  private String container;

  /** {@code slipwayLabels}: how many labels Slipway put on the build command; the builder ends with a step for each. */
  public BuildSteps(int slipwayLabels, LongSupplier clock) {
    this.slipwayLabels = slipwayLabels;
    this.clock = clock;
  }

  private static final class Step {
    final int n;
    final int total;
    final String instruction;
    final long startedAt;
    long endedAt = -1;
    /** Whether the daemon said yet if it reused the layer: its first item after the header does. */
    boolean decided;
    boolean cached;
    boolean failed;

    Step(int n, int total, String instruction, long startedAt) {
      this.n = n;
      this.total = total;
      this.instruction = instruction;
      this.startedAt = startedAt;
    }
  }

  /** One {@code stream} item of the daemon; true when the steps changed (one began, or the daemon said whether it reused its layer). */
  public synchronized boolean item(String text) {
    long now = clock.getAsLong();
    if (pending != null) {
      Step header = pending;
      pending = null;
      if (text.equals("\n")) {
        begin(header);
        return true;
      }
    }
    if (container != null) {
      if (text.equals("Removing intermediate container " + container + "\n") || LAYER.matcher(text).matches()) {
        container = null;
      }
      return false;
    }
    boolean changed = false;
    if (firstAfterHeader) {
      firstAfterHeader = false;
      last().decided = true;
      last().cached = text.equals(USING_CACHE);
      if (last().cached) {
        return true;
      }
      changed = true;
    }
    Matcher running = RUNNING_IN.matcher(text);
    if (running.matches()) {
      container = running.group(1);
      return changed;
    }
    Matcher header = HEADER.matcher(text);
    if (header.matches()) {
      int n = Integer.parseInt(header.group(1));
      int total = Integer.parseInt(header.group(2));
      if (follows(n, total)) {
        pending = new Step(n, total, cut(header.group(3)), now);
      }
    }
    return changed;
  }

  /** {@code Step N/M : INSTRUCTION} of the last step read, as the daemon wrote it, or null before the first. */
  public synchronized String current() {
    return steps.isEmpty() ? null : "Step " + last().n + "/" + last().total + " : " + last().instruction;
  }

  /** The build ended (its image id came, it failed, or it was stopped): the step under way ends now. */
  public synchronized boolean end(boolean failed) {
    pending = null;
    Step open = steps.isEmpty() ? null : last();
    if (open == null || open.endedAt >= 0) {
      return false;
    }
    open.endedAt = clock.getAsLong();
    open.failed = failed;
    open.decided = true;
    return true;
  }

  /**
   * {@code [{"n", "total", "instruction", "cached", "startedAt", "durationMs"?, "failed"?, "slipway"?}]}: cached
   * once the daemon said (right after the header), durationMs once the step ended; {@code slipway} for the steps of
   * Slipway's own labels, the build command's last ones.
   */
  public synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    for (Step step : steps) {
      JsonObject json = new JsonObject().put("n", step.n).put("total", step.total)
          .put("instruction", step.instruction).put("startedAt", Instant.ofEpochMilli(step.startedAt).toString());
      if (step.decided) {
        json.put("cached", step.cached);
      }
      if (step.endedAt >= 0) {
        json.put("durationMs", step.endedAt - step.startedAt);
      }
      if (step.failed) {
        json.put("failed", true);
      }
      if (step.n > step.total - slipwayLabels && step.instruction.startsWith("LABEL ")) {
        json.put("slipway", true);
      }
      out.add(json);
    }
    return out;
  }

  private boolean follows(int n, int total) {
    if (n < 1 || n > total) {
      return false;
    }
    if (steps.isEmpty()) {
      return n == 1;
    }
    Step last = last();
    return total == last.total && (n == last.n + 1 || n == last.n);
  }

  private void begin(Step step) {
    if (!steps.isEmpty() && last().n == step.n) {
      steps.remove(steps.size() - 1);
    }
    if (!steps.isEmpty()) {
      last().endedAt = step.startedAt;
      last().decided = true;
    }
    if (steps.size() < MAX_STEPS) {
      steps.add(step);
      firstAfterHeader = true;
    }
  }

  private Step last() {
    return steps.get(steps.size() - 1);
  }

  private static String cut(String instruction) {
    return instruction.length() <= MAX_INSTRUCTION ? instruction : instruction.substring(0, MAX_INSTRUCTION) + " …";
  }
}
