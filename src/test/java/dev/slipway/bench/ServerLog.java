package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The server's own log output (its stdout and stderr in a file): it must stay small under any load. */
final class ServerLog {
  private final Path path;

  ServerLog(Path path) {
    this.path = path;
  }

  long bytes() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }

  long mentions(String text) {
    try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains(text)).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /**
   * The message the server logged most often, with digits and ids blanked so that repeats of one message count
   * together: what to look at when the log grows.
   */
  String mostFrequentLine() {
    try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
      return lines.filter(line -> !line.isBlank())
          .map(line -> line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ ", "").replaceAll("[0-9a-f-]{8,}", "…")
              .replaceAll("\\d+", "#"))
          .map(line -> line.length() > 90 ? line.substring(0, 90) + "…" : line)
          .collect(Collectors.groupingBy(line -> line, Collectors.counting()))
          .entrySet().stream().max(Map.Entry.comparingByValue())
          .map(e -> e.getValue() + "× " + e.getKey()).orElse("none");
    } catch (IOException | UncheckedIOException e) {
      return "unreadable: " + e;
    }
  }

}
