package dev.slipway.docker;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels Slipway puts on the containers it starts and the images it builds: which job, for which user, which
 * Slipway (its instance id) and which of its nodes, so that a Slipway tells its own containers from everyone else's on
 * a shared engine, and nodes that share one engine each list their own.
 */
final class SlipwayLabels {
  static final String JOB = RunJob.JOB_LABEL;
  static final String USER = "dev.slipway.user";
  static final String INSTANCE = "dev.slipway.instance";
  /** The node whose worker started the container: its own, when several nodes share one engine. */
  static final String NODE = "dev.slipway.node";
  /**
   * Images get a label of their own: a container inherits its image's labels, so with the same keys any container
   * started by hand from a Slipway-built image would look like one Slipway started.
   */
  static final String IMAGE = "dev.slipway.image";
  /** Images built before {@link #IMAGE} carry {@code dev.slipway.image.job}, {@code .user} and {@code .instance}. */
  private static final String OLD_IMAGE_PREFIX = IMAGE + ".";
  /**
   * The reproducibility record of an image Slipway built, one label per fact as the issue asks, so that {@code docker
   * inspect} shows it: each is a build step of the classic builder's, but the same context, Dockerfile, build args,
   * user and base image make the same labels, so a rebuild finds those steps cached.
   */
  static final String CONTEXT_DIGEST = "dev.slipway.context-digest";
  static final String DOCKERFILE_DIGEST = "dev.slipway.dockerfile-digest";
  static final String BUILD_ARGS = "dev.slipway.build-args";
  static final String BASE_IMAGE = "dev.slipway.base-image";
  static final String BUILT_BY = "dev.slipway.built-by";
  /** The key under which the worker hands a job its instance id, next to the job's own request fields. */
  static final String INSTANCE_KEY = "instanceId";
  /** The key under which the worker hands a job its node's name. */
  static final String NODE_KEY = "workerNode";

  private SlipwayLabels() {
  }

  /** The labels for a job's container or image; a missing user (a job from before accounts) is left out. */
  static Map<String, String> of(String jobId, String user, String instanceId, String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(JOB, jobId);
    if (user != null) {
      labels.put(USER, user);
    }
    if (instanceId != null) {
      labels.put(INSTANCE, instanceId);
    }
    if (node != null) {
      labels.put(NODE, node);
    }
    return labels;
  }

  /**
   * The label of an image a job built: one key, {@link #IMAGE}, whose value says which job, user and instance as JSON
   * ({@code {"job": …, "user": …, "instance": …, "node": …}}). One, not one per fact: the engine's classic builder turns each
   * label into a build step of its own (a container created, committed and removed), and three of them made a small
   * build about a quarter slower than the same build by the Docker CLI.
   */
  static Map<String, String> forImage(String jobId, String user, String instanceId, String node) {
    JsonObject value = new JsonObject();
    of(jobId, user, instanceId, node).forEach((key, fact) -> value.put(key.substring("dev.slipway.".length()), fact));
    return Map.of(IMAGE, value.encode());
  }

  /** The record an image's labels hold ({@link BuildContext#record}'s shape, less the time), or null for none. */
  static JsonObject reproducibility(Map<String, String> labels) {
    if (labels == null || !labels.containsKey(CONTEXT_DIGEST)) {
      return null;
    }
    JsonObject args;
    try {
      args = new JsonObject(labels.getOrDefault(BUILD_ARGS, "{}"));
    } catch (DecodeException | ClassCastException notOurs) {
      args = null;
    }
    return new JsonObject().put("contextDigest", labels.get(CONTEXT_DIGEST))
        .put("dockerfileDigest", labels.get(DOCKERFILE_DIGEST)).put("buildArgs", args)
        .put("baseImage", labels.get(BASE_IMAGE)).put("builtBy", labels.get(BUILT_BY));
  }

  /** The user an image's labels say it was built for, or null. */
  static String imageUser(Map<String, String> labels) {
    return imageFact(labels, "user");
  }

  /** The node whose worker built an image, or null (built before nodes had names, or not by Slipway). */
  static String imageNode(Map<String, String> labels) {
    return imageFact(labels, "node");
  }

  /** The node whose worker started a container, or null. */
  static String node(Map<String, String> labels) {
    return labels == null ? null : labels.get(NODE);
  }

  /** {@code job}, {@code user}, {@code instance} or {@code node} from an image's labels, also of one built before {@link #IMAGE}. */
  private static String imageFact(Map<String, String> labels, String fact) {
    if (labels == null) {
      return null;
    }
    String json = labels.get(IMAGE);
    if (json == null) {
      return labels.get(OLD_IMAGE_PREFIX + fact);
    }
    try {
      return new JsonObject(json).getValue(fact) instanceof String value ? value : null;
    } catch (DecodeException | ClassCastException notOurs) {
      return null;
    }
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
    return instanceId != null && instanceId.equals(imageFact(labels, "instance"));
  }
}
