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
  private static SlipwayServer slipway;
  private int jobsBefore;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
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
        Arguments.of("random bytes", random, "not a readable tar or tar.gz archive"),
        Arguments.of("gzip of random bytes", Tars.gzip(random), "not a readable tar or tar.gz archive"),
        Arguments.of("an empty body", new byte[0], "empty or not a tar archive"));
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
