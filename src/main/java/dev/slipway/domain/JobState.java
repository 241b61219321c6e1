package dev.slipway.domain;

import java.util.Locale;

/**
 * Where a job is in its life. {@code queued → running → succeeded | failed | cancelled}; a queued job may also end
 * directly (cancelled, or failed when it cannot start). A final state is never left.
 */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether a job in this state may move to {@code next}. */
  public boolean canMoveTo(JobState next) {
    if (isFinal()) {
      return false;
    }
    return this == QUEUED ? next != QUEUED : next != QUEUED && next != RUNNING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
