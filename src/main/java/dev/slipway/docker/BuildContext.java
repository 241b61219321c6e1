package dev.slipway.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.dockerfile.Dockerfile;
import dev.slipway.builds.BaseImage;
import dev.slipway.builds.ContextDigest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a build sends and what its image records. The context is one archive: an upload as it came, an app's folder
 * packed as docker-java packs it ({@code .dockerignore} applied) into a file of its own, so that the digests are of the
 * very bytes the engine gets, not of a folder that may change in between. The record ({@link #record}): the digests of
 * the context and of its Dockerfile, the build args as anyone may see them (a launch's secrets masked), the final
 * stage's base image (its id from the engine, looked up before the build, as the labels must be known by then), who
 * and when; the same facts go on the image as labels ({@link SlipwayLabels}).
 */
final class BuildContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BuildContext.class);
  private final Path archive;
  private final boolean packedHere;
  private final JsonObject record;

  private BuildContext(Path archive, boolean packedHere, JsonObject record) {
    this.archive = archive;
    this.packedHere = packedHere;
    this.record = record;
  }

  /** Blocking (on the worker's own threads): packs an app's folder, reads the whole context, asks the engine. */
  static BuildContext prepare(DockerClients docker, JsonObject request) throws IOException {
    String contextFile = request.getString("contextFile");
    Path archive = contextFile != null ? Path.of(contextFile) : pack(Path.of(request.getString("contextDir")));
    try {
      ContextDigest.Result digest;
      try (InputStream in = Files.newInputStream(archive)) {
        digest = ContextDigest.of(in);
      }
      Map<String, String> args = new TreeMap<>();
      request.getJsonObject("buildArgs", new JsonObject()).forEach(a -> args.put(a.getKey(), String.valueOf(a.getValue())));
      String baseName = digest.dockerfileText() == null ? null : BaseImage.of(digest.dockerfileText(), args);
      JsonObject record = new JsonObject()
          .put("contextDigest", digest.context())
          .put("dockerfileDigest", digest.dockerfile())
          .put("buildArgs", shownArgs(request, args))
          .put("baseImage", baseName == null || baseName.equals("scratch") ? null : imageId(docker, baseName))
          .put("baseImageName", baseName)
          .put("builtBy", request.getString("user"))
          .put("builtAt", Instant.now().toString());
      return new BuildContext(archive, contextFile == null, record);
    } catch (IOException | RuntimeException e) {
      if (contextFile == null) {
        Files.deleteIfExists(archive);
      }
      throw e;
    }
  }

  /** {@code {"contextDigest", "dockerfileDigest", "buildArgs", "baseImage", "baseImageName", "builtBy", "builtAt"}}. */
  JsonObject record() {
    return record.copy();
  }

  /** The labels of the record; the builder adds each as a step of its own, in the order of their keys. */
  Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SlipwayLabels.CONTEXT_DIGEST, record.getString("contextDigest"));
    putIfSet(labels, SlipwayLabels.DOCKERFILE_DIGEST, record.getString("dockerfileDigest"));
    labels.put(SlipwayLabels.BUILD_ARGS, record.getJsonObject("buildArgs").encode());
    String base = record.getString("baseImage");
    putIfSet(labels, SlipwayLabels.BASE_IMAGE, base != null ? base : record.getString("baseImageName"));
    putIfSet(labels, SlipwayLabels.BUILT_BY, record.getString("builtBy"));
    return labels;
  }

  InputStream open() throws IOException {
    return Files.newInputStream(archive);
  }

  /** Deletes the archive packed here; an upload's is deleted by the build job, which owns it. */
  @Override
  public void close() throws IOException {
    if (packedHere) {
      Files.deleteIfExists(archive);
    }
  }

  private static Path pack(Path dir) throws IOException {
    Path file = Files.createTempFile("slipway-context-", ".tar");
    try (InputStream tar = new Dockerfile(dir.resolve("Dockerfile").toFile(), dir.toFile()).parse().buildDockerFolderTar()) {
      Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * The build args as the job shows them (secret values masked), sorted by name. Without the shown request (a worker
   * newer than its jobs owner) every value is masked rather than written into the image unchecked.
   */
  private static JsonObject shownArgs(JsonObject request, Map<String, String> args) {
    JsonObject shown = request.getJsonObject("shown");
    JsonObject out = new JsonObject();
    for (String name : args.keySet()) { // args is sorted: so is the label, whatever order they came in
      Object value = shown == null ? "••••" : shown.getJsonObject("buildArgs", new JsonObject()).getValue(name, "••••");
      out.put(name, String.valueOf(value));
    }
    return out;
  }

  /** The image's id, or null when the engine does not have it (the build will pull it, or fail saying so). */
  private static String imageId(DockerClients docker, String name) {
    try {
      return docker.control().inspectImageCmd(name).exec().getId();
    } catch (NotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      LOG.warn("could not look up the base image {}: {}", name, e.toString());
      return null;
    }
  }

  private static void putIfSet(Map<String, String> labels, String key, String value) {
    if (value != null) {
      labels.put(key, value);
    }
  }
}
