package dev.slipway.advice;

import java.util.Optional;
import java.util.Set;

/**
 * What the advice knows besides the Dockerfile: the ports and secrets the app declares (its slipway.json), and the
 * files of its build context.
 *
 * @param ports   declared container ports as {@code 8888/tcp}
 * @param secrets declared secrets' names
 */
public record AppFacts(Set<String> ports, Set<String> secrets, ContextFiles files) {
  public static final AppFacts NONE = new AppFacts(Set.of(), Set.of(), ContextFiles.UNKNOWN);

  /** The build context's files, as far as they can be looked at. */
  public interface ContextFiles {
    ContextFiles UNKNOWN = path -> Optional.empty();

    /** Whether the file at this context path is executable; empty when there is no such file or no telling. */
    Optional<Boolean> executable(String path);
  }
}
