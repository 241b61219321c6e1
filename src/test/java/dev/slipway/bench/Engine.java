package dev.slipway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine beside Slipway: the {@code docker} CLI as a user runs it, and the engine's API socket read
 * directly ({@link EngineLogs}). Everything the benchmark makes on the engine carries its run id (image tags
 * {@code slipway-bench/RUNID-…}, the label {@code slipway-bench=RUNID}) so that {@code bench/run} can remove it.
 */
final class Engine {
  static final String BUSYBOX = "slipway/busybox:test";
  static final String DEBIAN = "debian:bookworm-slim";

  final String runId;
  final Path work;
  final EngineLogs logs;

  Engine(String runId, Path work, Map<String, String> env) {
    this.runId = runId;
    this.work = work;
    String host = env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    if (!host.startsWith("unix://")) {
      throw new IllegalStateException("the benchmark reads the engine's API over its unix socket; DOCKER_HOST is "
          + host);
    }
    this.logs = new EngineLogs(Path.of(host.substring("unix://".length())));
  }

  String tag(String name) {
    return "slipway-bench/" + runId + "-" + name;
  }

  /** Runs {@code docker ARGS}, returns its stdout trimmed; fails with its output when it exits non-zero. */
  String docker(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException("docker " + String.join(" ", args) + " failed: " + out);
    }
    return out.trim();
  }

  /** Runs {@code docker ARGS} and counts the lines it prints (stdout and stderr together), reading as it goes. */
  long dockerLines(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    long lines = 0;
    byte last = '\n';
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = process.getInputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        last = buffer[n - 1];
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    lines += last == '\n' ? 0 : 1;
    if (process.waitFor() != 0) {
      throw new IOException("docker " + String.join(" ", args) + " exited " + process.exitValue());
    }
    return lines;
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Slipway uses the classic builder API; the CLI must too for a like-for-like build.
    builder.environment().put("DOCKER_BUILDKIT", "0");
    return builder.start();
  }

  /** A build context folder under the work dir with these files. */
  Path context(String name, Map<String, String> files) throws IOException {
    Path dir = Files.createDirectories(work.resolve("ctx-" + name));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    return dir;
  }

  /** The container's exit time as the engine recorded it. */
  java.time.Instant finishedAt(String containerId) throws IOException, InterruptedException {
    return java.time.Instant.parse(docker("inspect", "-f", "{{.State.FinishedAt}}", containerId));
  }

  void removeContainer(String containerId) {
    try {
      docker("rm", "-f", containerId);
    } catch (IOException | InterruptedException e) {
      Progress.say("could not remove container %s: %s", containerId, e.getMessage());
    }
  }
}
