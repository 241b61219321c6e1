package dev.slipway.domain;

import java.util.Locale;

/** Which part of its work a job is in; a launch goes from build to run. */
public enum JobPhase {
  BUILD, RUN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobPhase parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
