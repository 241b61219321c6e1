package dev.slipway.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds (and a launch's build phase) wait here, first in first out, until one of {@code limit} build slots is
 * free. While the engine does not answer the queue holds still, so waiting builds are not failed one by one.
 * Event-loop confined.
 */
final class BuildQueue {
  private final int limit;
  private final Deque<Job> waiting = new ArrayDeque<>();
  private final Set<String> building = new HashSet<>();
  private boolean paused;

  BuildQueue(int limit) {
    this.limit = Math.max(1, limit);
  }

  void add(Job job) {
    waiting.addLast(job);
  }

  /**
   * A build the engine could not take (it did not answer) goes back to the front, and the queue holds still. Whether
   * the queue was going until now.
   */
  boolean putBack(Job job) {
    building.remove(job.id);
    waiting.addFirst(job);
    boolean wasGoing = !paused;
    paused = true;
    return wasGoing;
  }

  /** Holds the queue still until {@link #resume()}: at start-up, until the engine first answers. */
  void hold() {
    paused = true;
  }

  void resume() {
    paused = false;
  }

  /** A job that was to move to another node and did not: back to the front, where it was (the queue goes on). */
  void restore(Job job) {
    waiting.addFirst(job);
  }

  /** Build slots free now (none while the queue holds still). */
  int room() {
    return paused ? 0 : Math.max(0, limit - building.size());
  }

  /** Whether the job was waiting (it is no longer): a cancelled queued job never reaches Docker. */
  boolean remove(Job job) {
    return waiting.remove(job);
  }

  /** 1 for the next build to start, 0 when the job is not waiting. */
  int position(Job job) {
    int i = 1;
    for (Job waitingJob : waiting) {
      if (waitingJob == job) {
        return i;
      }
      i++;
    }
    return 0;
  }

  /** The waiting jobs, first to start first. */
  List<Job> waiting() {
    return new ArrayList<>(waiting);
  }

  /** The builds that may start now, taken off the queue and counted as building. */
  List<Job> takeStartable() {
    List<Job> start = new ArrayList<>();
    while (!paused && building.size() < limit && !waiting.isEmpty()) {
      Job job = waiting.removeFirst();
      building.add(job.id);
      start.add(job);
    }
    return start;
  }

  /** The build phase of {@code jobId} ended: its slot is free. */
  void done(String jobId) {
    building.remove(jobId);
  }

  int building() {
    return building.size();
  }
}
