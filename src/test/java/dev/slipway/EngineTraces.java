package dev.slipway;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a job left on the engine and on disk, read straight from the engine (not through Slipway). A classic
 * build's intermediate containers carry no label, so the tests find them by a unique marker in their command.
 */
final class EngineTraces {
  private EngineTraces() {
  }

  /** Every container (running or not) whose command contains {@code marker}. */
  static List<Container> containersWithCommand(String marker) {
    return DockerEngine.client().listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getCommand() != null && c.getCommand().contains(marker)).toList();
  }

  /** Images (intermediate ones too) that carry {@code dev.slipway.job=jobId}. */
  static List<Image> imagesOfJob(String jobId) {
    return DockerEngine.client().listImagesCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.slipway.job", jobId)).exec();
  }

  /** Containers that carry {@code dev.slipway.job=jobId}. */
  static List<Container> containersOfJob(String jobId) {
    return DockerEngine.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.slipway.job", jobId)).exec();
  }

  /** Where the jobs owner keeps a queued upload build's archive. */
  static Path contextFile(SlipwayServer slipway, String jobId) {
    return slipway.dataDir.resolve("contexts").resolve(jobId + ".tar");
  }

  static boolean exists(Path file) {
    return Files.exists(file);
  }

  /** Waits up to {@code ms} for {@code condition}; returns whether it came (the engine cleans up asynchronously). */
  static boolean eventually(long ms, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      SlipwayServer.sleep(100);
    }
    return true;
  }

  static void removeImage(String tag) {
    try {
      DockerEngine.client().removeImageCmd(tag).withForce(true).exec();
    } catch (RuntimeException gone) {
      // nothing to clean
    }
  }
}
