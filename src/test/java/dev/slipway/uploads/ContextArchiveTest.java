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
  private static final long MB = 1024 * 1024;
  private static final ContextArchive.Limits GENEROUS = new ContextArchive.Limits(2048 * MB, 100_000);

  @TempDir
  Path dir;

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "context", ".tar"), bytes);
  }

  private static Tars.Builder context() {
    return Tars.builder().file("Dockerfile", DOCKERFILE);
  }

  private static void validate(Path path) {
    ContextArchive.validate(path, GENEROUS);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] archive) throws IOException {
    return assertRefused(archive, GENEROUS, 400);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] archive, ContextArchive.Limits limits,
                                                                        int status) throws IOException {
    Path path = write(archive);
    return assertThatThrownBy(() -> ContextArchive.validate(path, limits))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(status));
  }

  @Test
  void plainTarPasses() throws IOException {
    Path path = write(context().file("app/main.sh", "echo hi").bytes());
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
  }

  @Test
  void gzippedTarPasses() throws IOException {
    Path path = write(Tars.gzip(context().file("README", "hi").bytes()));
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
  }

  @Test
  void dotSlashPrefixedEntriesPass() throws IOException {
    byte[] tar = Tars.builder().file("./", new byte[0], 0755).file("./Dockerfile", DOCKERFILE)
        .file("./src/app.sh", "echo").bytes();
    Path path = write(tar);
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
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
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
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
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
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

  @Test
  void aGzipBombIsRefusedWithoutUnpackingIt() throws IOException {
    byte[] bomb = Tars.gzipBomb(50 * MB, false);
    assertThat(bomb.length).isLessThan((int) MB);
    long start = System.nanoTime();
    assertRefused(bomb, new ContextArchive.Limits(10 * MB, 100_000), 413)
        .hasMessageContaining("unpacks to more than " + 10 * MB + " bytes");
    assertThat(System.nanoTime() - start).as("nanoseconds to refuse").isLessThan(2_000_000_000L);
  }

  @Test
  void anEntryDeclaringMoreThanTheLimitIsRefusedBeforeItsDataIsRead() throws IOException {
    byte[] bomb = context().file("zeros.bin", new byte[(int) (2 * MB)], 0644).bytes();
    byte[] headerOnly = Arrays.copyOf(bomb, 4096);
    assertRefused(headerOnly, new ContextArchive.Limits(MB, 100_000), 413).hasMessageContaining("unpacks to more than");
  }

  @Test
  void zerosAfterTheEndOfTheArchiveCountAsUnpackedBytes() throws IOException {
    assertRefused(Tars.gzipBomb(50 * MB, true), new ContextArchive.Limits(10 * MB, 100_000), 413)
        .hasMessageContaining("unpacks to more than");
  }

  @Test
  void anArchiveJustUnderTheUnpackedLimitPasses() throws IOException {
    Path path = write(Tars.gzipBomb(5 * MB, false));
    assertThatCode(() -> ContextArchive.validate(path, new ContextArchive.Limits(10 * MB, 100_000)))
        .doesNotThrowAnyException();
  }

  @Test
  void moreEntriesThanTheLimitAreRefused() throws IOException {
    Tars.Builder tar = context();
    for (int i = 0; i < 10; i++) {
      tar.file("src/file" + i, "x");
    }
    Path path = write(tar.bytes());
    assertThatCode(() -> ContextArchive.validate(path, new ContextArchive.Limits(MB, 11)))
        .doesNotThrowAnyException();
    assertRefused(tar.bytes(), new ContextArchive.Limits(MB, 10), 413).hasMessageContaining("more than 10 entries");
  }

  @Test
  void aHugeEntryHeaderIsRefusedBeforeItIsHeldInMemory() throws IOException {
    String comment = "x".repeat(4 * (int) MB);
    assertRefused(Tars.gzip(context().withPax("README", "hi", "comment", comment).bytes()), GENEROUS, 413)
        .hasMessageContaining("header of more than");
  }

  @Test
  void aLongPathInAPaxHeaderPasses() throws IOException {
    Path path = write(context().file("deep/" + "d/".repeat(500) + "file", "x").bytes());
    assertThatCode(() -> validate(path)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"symlink", "directory", "file", "dot-slash file"})
  void aSecondDockerfileEntryIsRefused(String second) throws IOException {
    Tars.Builder tar = context();
    switch (second) {
      case "symlink" -> tar.symlink("Dockerfile", "src/other");
      case "directory" -> tar.directory("Dockerfile");
      case "file" -> tar.file("Dockerfile", "FROM scratch\n");
      default -> tar.file("./Dockerfile", "FROM scratch\n");
    }
    assertRefused(tar.bytes()).hasMessageContaining("more than one entry named Dockerfile");
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
