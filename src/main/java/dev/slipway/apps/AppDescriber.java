package dev.slipway.apps;

import dev.slipway.advice.Advice;
import dev.slipway.advice.AppFacts;
import dev.slipway.advice.Dockerfile;
import dev.slipway.advice.DockerfileAdvice;
import dev.slipway.advice.DockerfileParser;
import dev.slipway.advice.Instruction;
import dev.slipway.advice.Pairs;
import dev.slipway.advice.Words;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blocking: describes one app folder: its manifest ({@code slipway.json}, else the Dockerfile's
 * {@code LABEL dev.slipway.app}), its ports, and Dockerfile advice. Files are read only inside the folder (a symbolic
 * link leading out of it is not followed) and only up to a size, so a huge or hostile file costs nothing and tells
 * nothing of what lies outside.
 */
final class AppDescriber {
  static final String MANIFEST = "slipway.json";
  static final String LABEL = "dev.slipway.app";
  static final int MAX_DOCKERFILE = 256 * 1024;
  private static final Pattern EXPOSED_PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp))?");

  /** An app as the catalog knows it: the JSON the API shows, and the manifest launches are checked against. */
  record Described(JsonObject json, AppManifest manifest, String manifestProblem) {
  }

  private AppDescriber() {
  }

  static Described describe(Path dir, String name, String relativePath) {
    List<String> problems = new ArrayList<>();
    String text = null;
    try {
      text = read(dir, "Dockerfile", MAX_DOCKERFILE);
    } catch (Unreadable e) {
      problems.add(e.getMessage());
    }
    Dockerfile dockerfile = DockerfileParser.parse(text == null ? "" : text);
    AppManifest manifest = AppManifest.NONE;
    String manifestProblem = null;
    try {
      manifest = manifest(dir, dockerfile);
    } catch (ManifestJson.Invalid e) {
      manifestProblem = e.getMessage();
      problems.add(manifestProblem);
    }
    List<Advice> advice = text == null ? List.of() : DockerfileAdvice.of(dockerfile,
        new AppFacts(manifest.portKeys(), manifest.secretNames(), path -> executable(dir, path)));
    JsonArray exposed = exposed(dockerfile);
    JsonObject json = new JsonObject()
        .put("name", name)
        .put("path", relativePath)
        .put("exposedPorts", exposed)
        .put("ports", manifest.ports().isEmpty() ? fromExpose(exposed) : manifest.portsJson())
        .put("env", manifest.envJson())
        .put("secrets", manifest.secretsJson())
        .put("declaredIn", manifest.source())
        .put("problems", new JsonArray(problems))
        .put("advice", new JsonArray(advice.stream().map(Advice::toJson).toList()));
    return new Described(json, manifest, manifestProblem);
  }

  private static AppManifest manifest(Path dir, Dockerfile dockerfile) throws ManifestJson.Invalid {
    if (Files.exists(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
      try {
        return ManifestJson.parse(read(dir, MANIFEST, ManifestJson.MAX_CHARS), MANIFEST);
      } catch (Unreadable e) {
        throw new ManifestJson.Invalid(e.getMessage());
      }
    }
    Instruction label = null;
    Pairs.Pair value = null;
    // The image's labels: its own stage's last one, else the nearest stage it builds on.
    List<Dockerfile.Stage> stages = dockerfile.finalStage() == null ? List.of()
        : dockerfile.lineage(dockerfile.finalStage());
    for (int s = 0; s < stages.size() && label == null; s++) {
      for (Instruction instruction : stages.get(s).body()) {
        for (Pairs.Pair pair : instruction.is("LABEL") ? Pairs.of(instruction) : List.<Pairs.Pair>of()) {
          if (pair.name().equals(LABEL)) {
            label = instruction;
            value = pair;
          }
        }
      }
    }
    if (label == null) {
      return AppManifest.NONE;
    }
    String source = "the Dockerfile's LABEL " + LABEL + " (line " + label.line() + ")";
    Words.Word word = value.value();
    if (word.variable() || !word.complete()) {
      throw new ManifestJson.Invalid(source + " must be JSON written out in single quotes, without variables: Slipway "
          + "reads it without building the image");
    }
    return ManifestJson.parse(word.value(), source);
  }

  /** A file Slipway does not read, and why. */
  private static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** The file's text: refused when it is too large or leads out of the folder. */
  private static String read(Path dir, String file, int maxBytes) throws Unreadable {
    try {
      Path path = dir.resolve(file);
      if (!path.toRealPath().startsWith(dir.toRealPath())) {
        throw new Unreadable(file + " leads out of the app's folder, so Slipway does not read it");
      }
      try (InputStream in = Files.newInputStream(path)) {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
          throw new Unreadable(file + " is larger than " + maxBytes / 1024 + " KiB, so Slipway does not read it");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new Unreadable("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A regular file of the folder (not through a link): whether its owner may execute it. */
  private static Optional<Boolean> executable(Path dir, String contextPath) {
    Path path = dir.resolve(contextPath.replaceFirst("^/+", "")).normalize();
    if (!path.startsWith(dir)) {
      return Optional.empty();
    }
    try {
      PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile()
          ? Optional.of(attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE)) : Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The EXPOSE words of the image's stages, as written ({@code 8888}, {@code 53/udp}, {@code $PORT}). */
  private static JsonArray exposed(Dockerfile dockerfile) {
    JsonArray ports = new JsonArray();
    if (dockerfile.finalStage() != null) {
      for (Dockerfile.Stage stage : dockerfile.lineage(dockerfile.finalStage())) {
        stage.body().stream().filter(i -> i.is("EXPOSE"))
            .forEach(i -> i.words().forEach(word -> ports.add(word.value())));
      }
    }
    return ports;
  }

  private static JsonArray fromExpose(JsonArray exposed) {
    JsonArray ports = new JsonArray();
    for (Object word : exposed) {
      Matcher m = EXPOSED_PORT.matcher(String.valueOf(word).toLowerCase(Locale.ROOT));
      if (m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 65535) {
        ports.add(new JsonObject().put("containerPort", Integer.parseInt(m.group(1)))
            .put("protocol", m.group(2) == null ? "tcp" : m.group(2)).put("description", (String) null));
      }
    }
    return ports;
  }
}
