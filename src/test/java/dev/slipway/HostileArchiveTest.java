package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static dev.slipway.Refusals.jobCount;
import static dev.slipway.Refusals.uploadsLeft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Build contexts that would reach outside, or are no build context at all: 400 before any job exists. */
@ExtendWith(VertxExtension.class)
class HostileArchiveTest {
  private static final String TAG = "slipway-bad/hostile:" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DOCKERFILE = "FROM " + DockerEngine.BUSYBOX + "\n";
  private static final long CONTEXT_LIMIT = 10 * 1024 * 1024;
  private static final int MAX_ENTRIES = 50;
  private static SlipwayServer slipway;
  private int jobsBefore;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put("contextLimitBytes", CONTEXT_LIMIT)
        .put("contextMaxEntries", MAX_ENTRIES));
  }

  @BeforeEach
  void countJobs() {
    jobsBefore = jobCount(slipway);
  }

  @AfterEach
  void noJobNoImageNoFile() {
    assertThat(jobCount(slipway)).isEqualTo(jobsBefore);
    assertThat(uploadsLeft(slipway)).isEmpty();
    assertThat(Refusals.imageExists(TAG)).isFalse();
  }

  static Stream<Arguments> hostileArchives() {
    byte[] random = new byte[8192];
    new Random(42).nextBytes(random);
    return Stream.of(
        Arguments.of("a .. entry", Tars.builder().file("Dockerfile", DOCKERFILE).file("../evil", "x").bytes(),
            "'../evil' leaves the build context"),
        Arguments.of("a .. inside a path", Tars.builder().file("Dockerfile", DOCKERFILE).file("a/../../evil", "x")
            .bytes(), "'a/../../evil' leaves the build context"),
        Arguments.of("an absolute path", Tars.builder().file("Dockerfile", DOCKERFILE).file("/etc/evil", "x").bytes(),
            "'/etc/evil' has an absolute path"),
        Arguments.of("a symlink that climbs out", Tars.builder().file("Dockerfile", DOCKERFILE)
            .symlink("sub/link", "../../etc").bytes(), "'sub/link' is a symbolic link that leaves the build context"),
        Arguments.of("a symlink to an absolute path", Tars.builder().file("Dockerfile", DOCKERFILE)
            .symlink("passwd", "/etc/passwd").bytes(), "'passwd' is a symbolic link to an absolute path"),
        Arguments.of("no Dockerfile", Tars.builder().file("README", "no Dockerfile here").bytes(),
            "no Dockerfile"),
        Arguments.of("a Dockerfile only in a folder", Tars.builder().file("sub/Dockerfile", DOCKERFILE).bytes(),
            "no Dockerfile"),
        Arguments.of("a Dockerfile, then a symlink of that name", Tars.builder().file("Dockerfile", DOCKERFILE)
            .symlink("Dockerfile", "other").bytes(), "more than one entry named Dockerfile"),
        Arguments.of("a Dockerfile, then a folder of that name", Tars.builder().file("Dockerfile", DOCKERFILE)
            .directory("Dockerfile").bytes(), "more than one entry named Dockerfile"),
        Arguments.of("random bytes", random, "not a readable tar or tar.gz archive"),
        Arguments.of("gzip of random bytes", Tars.gzip(random), "not a readable tar or tar.gz archive"),
        Arguments.of("an empty body", new byte[0], "empty or not a tar archive"));
  }

  /** Small uploads that unpack to more than the server's limits: 413, found without unpacking them whole. */
  static Stream<Arguments> oversizedArchives() {
    Tars.Builder manyFiles = Tars.builder().file("Dockerfile", DOCKERFILE);
    for (int i = 0; i < MAX_ENTRIES; i++) {
      manyFiles.file("f" + i, "x");
    }
    return Stream.of(
        Arguments.of("a gzip bomb (50 MB of zeros)", Tars.gzipBomb(50 * 1024 * 1024, false),
            "unpacks to more than " + CONTEXT_LIMIT + " bytes"),
        Arguments.of("50 MB of zeros after the end of the archive", Tars.gzipBomb(50 * 1024 * 1024, true),
            "unpacks to more than " + CONTEXT_LIMIT + " bytes"),
        Arguments.of("more entries than the limit", Tars.gzip(manyFiles.bytes()),
            "more than " + MAX_ENTRIES + " entries"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedArchives")
  void theApiRefusesAnArchiveThatUnpacksPastTheLimitsWith413(String what, byte[] archive, String problem) {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/api/builds?tag=" + TAG)
        .putHeader("Content-Type", "application/gzip").sendBuffer(Buffer.buffer(archive)));
    assertError(response, 413, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedArchives")
  void theDashboardRefusesAnArchiveThatUnpacksPastTheLimitsWith413(String what, byte[] archive, String problem) {
    MultipartForm form = MultipartForm.create().attribute("tag", TAG)
        .binaryFileUpload("context", "context.tar.gz", Buffer.buffer(archive), "application/gzip");
    HttpResponse<Buffer> page = SlipwayServer.await(slipway.http.post("/uploads").sendMultipartForm(form));
    assertThat(page.statusCode()).isEqualTo(413);
    assertThat(page.bodyAsString()).contains(problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileArchives")
  void theApiRefusesTheArchiveNamingTheProblem(String what, byte[] archive, String problem) {
    assertError(slipway.postTar("/api/builds?tag=" + TAG, archive), 400, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileArchives")
  void theDashboardUploadRefusesItWithTheMessageOnThePage(String what, byte[] archive, String problem) {
    MultipartForm form = MultipartForm.create().attribute("tag", TAG)
        .binaryFileUpload("context", "context.tar", Buffer.buffer(archive), "application/x-tar");
    HttpResponse<Buffer> page = SlipwayServer.await(slipway.http.post("/uploads").sendMultipartForm(form));
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.bodyAsString()).contains(archive.length == 0 ? "choose a tar" : problem);
  }
}
