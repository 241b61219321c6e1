package dev.slipway.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A container's state as the Docker engine names it ({@code State} of {@code GET /containers/json}). Slipway only reads
 * these (the engine moves containers between them); a job's own states are {@link JobState}.
 */
public enum ContainerState {
  RUNNING, EXITED, CREATED, PAUSED, RESTARTING, REMOVING, DEAD;

  /** The names a filter may ask for, in the engine's words. */
  public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(ContainerState::wire).toList();

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The engine's word (any case), or empty for one Slipway does not know. */
  public static Optional<ContainerState> parse(String text) {
    return text == null ? Optional.empty()
        : Arrays.stream(values()).filter(s -> s.wire().equalsIgnoreCase(text)).findFirst();
  }

  /** Its processes run now: logs and stats go on, a console can open. */
  public static boolean isRunning(String text) {
    return parse(text).orElse(null) == RUNNING;
  }

  /** It has processes (running, paused or restarting): it is stopped, not started. */
  public static boolean isUp(String text) {
    return parse(text).map(s -> s == RUNNING || s == PAUSED || s == RESTARTING).orElse(false);
  }
}
