package dev.slipway.domain;

import java.util.Locale;

/** What a job does: build an image, run a container, or build and then run what was built. */
public enum JobKind {
  BUILD, RUN, LAUNCH;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase a job of this kind starts in. */
  public JobPhase firstPhase() {
    return this == RUN ? JobPhase.RUN : JobPhase.BUILD;
  }

  public static JobKind parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
