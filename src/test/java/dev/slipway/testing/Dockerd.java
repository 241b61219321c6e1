package dev.slipway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker daemon itself, stopped and started the way an operator (or a package upgrade) does: SIGTERM to the
 * pid in {@code /var/run/docker.pid}, then {@code dockerd} again, as {@code .ci/setup-docker} starts it. Root only.
 */
public final class Dockerd {
  private static final Path PID = Path.of("/var/run/docker.pid");
  private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");

  private Dockerd() {
  }

  /** Fails (never skips) when this machine's engine is not a local dockerd that this test may stop. */
  public static void requireLocal() {
    if (!Files.isRegularFile(PID) || !Files.isExecutable(DOCKERD)) {
      throw new AssertionError("this test stops and starts the local dockerd: it needs " + PID + " and " + DOCKERD
          + " (bash .ci/setup-docker starts dockerd that way, as root)");
    }
  }

  /** SIGTERM, then waits until the daemon has exited (it stops its containers first). */
  public static void stop() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(PID).trim());
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no dockerd with pid " + pid));
    daemon.destroy();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (daemon.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (daemon.isAlive()) {
      throw new AssertionError("dockerd did not stop within 60 s of SIGTERM");
    }
  }

  /** Starts dockerd in the background (it outlives the test JVM) and waits until the engine answers. */
  public static void start() throws IOException, InterruptedException {
    if (answers()) {
      return;
    }
    Files.deleteIfExists(PID);
    new ProcessBuilder("bash", "-c", "nohup " + DOCKERD + " >>/var/log/slipway-dockerd.log 2>&1 &")
        .inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!answers()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("dockerd did not answer within 60 s of its start; see /var/log/slipway-dockerd.log");
      }
      Thread.sleep(300);
    }
  }

  private static boolean answers() {
    try {
      DockerEngine.client().pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
