package dev.slipway.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels Slipway puts on the containers it starts and the images it builds: which job, for which user, and which
 * Slipway (its instance id), so that a Slipway tells its own containers from everyone else's on a shared engine.
 */
final class SlipwayLabels {
  static final String JOB = RunJob.JOB_LABEL;
  static final String USER = "dev.slipway.user";
  static final String INSTANCE = "dev.slipway.instance";
  /**
   * Images get labels of their own: a container inherits its image's labels, so with the same keys any container
   * started by hand from a Slipway-built image would look like one Slipway started.
   */
  static final String IMAGE_PREFIX = "dev.slipway.image.";
  /** The key under which the worker hands a job its instance id, next to the job's own request fields. */
  static final String INSTANCE_KEY = "instanceId";

  private SlipwayLabels() {
  }

  /** The labels for a job's container or image; a missing user (a job from before accounts) is left out. */
  static Map<String, String> of(String jobId, String user, String instanceId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(JOB, jobId);
    if (user != null) {
      labels.put(USER, user);
    }
    if (instanceId != null) {
      labels.put(INSTANCE, instanceId);
    }
    return labels;
  }

  /** The labels of an image a job built: the container labels' keys under {@link #IMAGE_PREFIX}. */
  static Map<String, String> forImage(String jobId, String user, String instanceId) {
    Map<String, String> labels = new LinkedHashMap<>();
    of(jobId, user, instanceId).forEach((key, value) -> labels.put(IMAGE_PREFIX + key.substring("dev.slipway.".length()),
        value));
    return labels;
  }

  /**
   * Whether these labels say this Slipway ({@code instanceId}) made the container: for lists and filters only. Labels
   * can be written by anyone who builds an image, so permissions go by Slipway's own records instead
   * ({@link ContainerGuard}).
   */
  static boolean ours(Map<String, String> labels, String instanceId) {
    return labels != null && instanceId != null && instanceId.equals(labels.get(INSTANCE));
  }

  static boolean ourImage(Map<String, String> labels, String instanceId) {
    return labels != null && instanceId != null && instanceId.equals(labels.get(IMAGE_PREFIX + "instance"));
  }
}
