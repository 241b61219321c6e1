package dev.slipway.testing;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's own image, built on the real engine from the real {@code docker/slipway/Dockerfile}. {@code mvn test} runs
 * before {@code mvn package} makes the shaded jar, so the build context holds what that jar is made of instead: the
 * repository's {@code docker/} folder, and in {@code lib/} {@code target/classes} as one jar beside the runtime jars
 * Maven lists in {@code target/runtime-classpath.txt}. The Dockerfile takes {@code lib/} as {@code SLIPWAY_JARS}: its
 * class path is every jar in that folder, one shaded jar or these.
 */
public final class SlipwayImage {
  private static final Logger LOG = LoggerFactory.getLogger(SlipwayImage.class);
  public static final String DOCKERFILE = "docker/slipway/Dockerfile";
  private static final Path CLASSES = Path.of("target/classes");
  private static final Path RUNTIME_CLASSPATH = Path.of("target/runtime-classpath.txt");

  private SlipwayImage() {
  }

  /** Builds the image as {@code tag} and returns how long the build took, in milliseconds. */
  public static long build(String tag) {
    DockerEngine.require();
    Path context = context();
    StringBuilder output = new StringBuilder();
    long start = System.nanoTime();
    try (InputStream tar = Files.newInputStream(context)) {
      DockerEngine.client().buildImageCmd(tar).withDockerfilePath(DOCKERFILE).withBuildArg("SLIPWAY_JARS", "lib/")
          .withTags(Set.of(tag)).exec(new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
              if (item.getStream() != null) {
                output.append(item.getStream());
              }
              super.onNext(item);
            }
          }).awaitImageId(10, TimeUnit.MINUTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new AssertionError("the image did not build: " + e.getMessage() + "\n" + output, e);
    } finally {
      context.toFile().delete();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.info("built {} from {} in {} ms", tag, DOCKERFILE, millis);
    return millis;
  }

  public static void remove(String tag) {
    TestImages.remove(tag);
  }

  /** The build context as a tar file: {@code docker/} as in the repository, and {@code lib/}. */
  private static Path context() {
    if (!Files.isRegularFile(RUNTIME_CLASSPATH)) {
      throw new AssertionError(RUNTIME_CLASSPATH + " is missing: run this test through Maven (mvn test), whose "
          + "dependency plugin writes it");
    }
    try {
      Path tarFile = Files.createTempFile("slipway-image-context", ".tar");
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarFile))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        try (Stream<Path> files = Files.walk(Path.of("docker"))) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            add(tar, file.toString().replace('\\', '/'), file);
          }
        }
        addClassesJar(tar);
        Set<String> names = new HashSet<>();
        for (String jar : Files.readString(RUNTIME_CLASSPATH).trim().split(java.io.File.pathSeparator)) {
          Path path = Path.of(jar);
          String name = path.getFileName().toString();
          add(tar, "lib/" + (names.add(name) ? name : names.size() + "-" + name), path);
        }
      }
      return tarFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, Path file) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
    tar.putArchiveEntry(entry);
    Files.copy(file, tar);
    tar.closeArchiveEntry();
  }

  /** {@code target/classes} as {@code lib/slipway.jar}, with its folders as entries (Flyway lists its migrations so). */
  private static void addClassesJar(TarArchiveOutputStream tar) throws IOException {
    Path jar = Files.createTempFile("slipway-classes", ".jar");
    try {
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream classes = new JarOutputStream(out);
           Stream<Path> walk = Files.walk(CLASSES)) {
        for (Path path : walk.sorted().toList()) {
          String name = CLASSES.relativize(path).toString().replace('\\', '/');
          if (name.isEmpty()) {
            continue;
          }
          boolean folder = Files.isDirectory(path);
          classes.putNextEntry(new JarEntry(folder ? name + "/" : name));
          if (!folder) {
            Files.copy(path, classes);
          }
          classes.closeEntry();
        }
      }
      add(tar, "lib/slipway.jar", jar);
    } finally {
      Files.deleteIfExists(jar);
    }
  }
}
