package dev.slipway.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import dev.slipway.testing.Tars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextArchiveTest {
  private static final String DOCKERFILE = "FROM slipway/busybox:test\n";

  @TempDir
  Path dir;

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "context", ".tar"), bytes);
  }

  private static Tars.Builder context() {
    return Tars.builder().file("Dockerfile", DOCKERFILE);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] archive) throws IOException {
    Path path = write(archive);
    return assertThatThrownBy(() -> ContextArchive.validate(path))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void plainTarPasses() throws IOException {
    Path path = write(context().file("app/main.sh", "echo hi").bytes());
    assertThatCode(() -> ContextArchive.validate(path)).doesNotThrowAnyException();
  }

  @Test
  void gzippedTarPasses() throws IOException {
    Path path = write(Tars.gzip(context().file("README", "hi").bytes()));
    assertThatCode(() -> ContextArchive.validate(path)).doesNotThrowAnyException();
  }

  @Test
  void dotSlashPrefixedEntriesPass() throws IOException {
    byte[] tar = Tars.builder().file("./", new byte[0], 0755).file("./Dockerfile", DOCKERFILE)
        .file("./src/app.sh", "echo").bytes();
    Path path = write(tar);
    assertThatCode(() -> ContextArchive.validate(path)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "src/../../evil", "./../evil", "src/.."})
  void entryWithParentSegmentIsRefused(String name) throws IOException {
    assertRefused(context().file(name, "x").bytes())
        .hasMessageContaining("'" + name + "'").hasMessageContaining("leaves the build context");
  }

  @Test
  void absoluteEntryIsRefused() throws IOException {
    assertRefused(context().file("/etc/cron.d/evil", "x").bytes())
        .hasMessageContaining("/etc/cron.d/evil").hasMessageContaining("absolute path");
  }

  @Test
  void symlinkToAbsolutePathIsRefused() throws IOException {
    assertRefused(context().symlink("passwd", "/etc/passwd").bytes())
        .hasMessageContaining("'passwd'").hasMessageContaining("symbolic link to an absolute path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "../../../x", "a/../../../x", "./../.."})
  void symlinkEscapingTheContextIsRefused(String target) throws IOException {
    assertRefused(context().symlink("src/link", target).bytes())
        .hasMessageContaining("'src/link'").hasMessageContaining("leaves the build context");
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/./link", "src//link", "./src/./link"})
  void symlinkWithDotOrEmptySegmentsCannotEscape(String link) throws IOException {
    assertRefused(context().symlink(link, "../../etc/passwd").bytes())
        .hasMessageContaining("leaves the build context");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sibling.sh", "./sibling.sh", "../Dockerfile", "../src/sibling.sh", "deeper/../x"})
  void symlinkInsideTheContextPasses(String target) throws IOException {
    Path path = write(context().file("src/sibling.sh", "echo").symlink("src/link", target).bytes());
    assertThatCode(() -> ContextArchive.validate(path)).doesNotThrowAnyException();
  }

  @Test
  void hardLinkEscapingTheContextIsRefused() throws IOException {
    assertRefused(withHardLink("stolen", "../../etc/shadow")).hasMessageContaining("'stolen'");
  }

  @Test
  void hardLinkToAbsolutePathIsRefused() throws IOException {
    assertRefused(withHardLink("stolen", "/etc/shadow")).hasMessageContaining("absolute path");
  }

  @Test
  void hardLinkInsideTheContextPasses() throws IOException {
    Path path = write(withHardLink("copy", "Dockerfile"));
    assertThatCode(() -> ContextArchive.validate(path)).doesNotThrowAnyException();
  }

  @Test
  void archiveWithoutDockerfileIsRefused() throws IOException {
    assertRefused(Tars.builder().file("README", "no build here").bytes())
        .hasMessageContaining("no Dockerfile at its top level");
  }

  @Test
  void dockerfileOnlyInASubfolderIsRefused() throws IOException {
    assertRefused(Tars.builder().file("app/Dockerfile", DOCKERFILE).bytes())
        .hasMessageContaining("no Dockerfile at its top level");
  }

  @Test
  void emptyFileIsRefused() throws IOException {
    assertRefused(new byte[0]).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void randomBytesAreRefused(int seed) throws IOException {
    byte[] noise = new byte[4096];
    new Random(seed).nextBytes(noise);
    assertRefused(noise).hasMessageContaining("tar");
  }

  @Test
  void truncatedGzipIsRefused() throws IOException {
    byte[] gz = Tars.gzip(context().file("big.bin", new byte[64 * 1024], 0644).bytes());
    assertRefused(Arrays.copyOf(gz, gz.length / 2)).hasMessageContaining("not a readable tar or tar.gz");
  }

  @Test
  void truncatedTarIsRefused() throws IOException {
    byte[] tar = context().file("big.bin", new byte[64 * 1024], 0644).bytes();
    assertRefused(Arrays.copyOf(tar, 2048)).hasMessageContaining("not a readable tar or tar.gz");
  }

  /** Tars.Builder has no hard-link entries, so this one archive is written directly. */
  private static byte[] withHardLink(String name, String target) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry dockerfile = new TarArchiveEntry("Dockerfile", true);
      dockerfile.setSize(DOCKERFILE.length());
      tar.putArchiveEntry(dockerfile);
      tar.write(DOCKERFILE.getBytes(StandardCharsets.UTF_8));
      tar.closeArchiveEntry();
      TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
      link.setLinkName(target);
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }
}
