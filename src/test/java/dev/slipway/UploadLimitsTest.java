package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static dev.slipway.Refusals.jobCount;
import static dev.slipway.Refusals.uploadsLeft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploads over the limit are refused with 413 however they arrive, leave no file behind, and break nothing. */
@ExtendWith(VertxExtension.class)
class UploadLimitsTest {
  private static final int LIMIT = 64 * 1024;
  private static final String TAG = "slipway-bad/toolarge:" + UUID.randomUUID().toString().substring(0, 8);
  private static final String PATH = "/api/builds?tag=" + TAG;
  private static final byte[] BIG = Tars.builder()
      .file("Dockerfile", "FROM " + DockerEngine.BUSYBOX + "\n")
      .file("big.bin", new byte[200 * 1024], 0644)
      .bytes();
  /** Far more than the socket buffers of both ends hold, so a server that stops reading blocks the writer. */
  private static final int OVERSIZED_BODY = 32 * 1024 * 1024;
  private static SlipwayServer slipway;
  private int jobsBefore;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put("uploadLimitBytes", LIMIT));
  }

  @BeforeEach
  void countJobs() {
    jobsBefore = jobCount(slipway);
  }

  @AfterEach
  void nothingWasLeftBehind() {
    assertThat(uploadsLeft(slipway)).isEmpty();
    assertThat(jobCount(slipway)).isEqualTo(jobsBefore);
    assertThat(Refusals.imageExists(TAG)).isFalse();
  }

  @Test
  void aRawTarOverTheLimitIsA413AndLeavesTheConnectionUsable() {
    overOneConnection(request -> request.putHeader("Content-Type", "application/x-tar").send(Buffer.buffer(BIG)));
  }

  @Test
  void aChunkedRawTarOverTheLimitIsA413AndLeavesTheConnectionUsable() {
    overOneConnection(UploadLimitsTest::sendInChunks);
  }

  /**
   * A client that writes its whole body before it reads anything (as simple scripts do) must still get the 413:
   * a server that stops reading the refused body leaves it blocked on a full socket buffer.
   */
  @ParameterizedTest(name = "chunked: {0}")
  @ValueSource(booleans = {false, true})
  void aClientThatWritesTheWholeOversizedBodyFirstGetsThe413(boolean chunked) {
    byte[] body = new byte[OVERSIZED_BODY];
    String head = rawUploadHead(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length);
    RawHttp.Response response = RawHttp.exchange(slipway.port, head, chunked ? chunked(body) : body, 10);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body()).contains("larger than the limit of " + LIMIT + " bytes");
  }

  /** Refused before its body is read (not signed in, wrong password): the client that writes first still gets it. */
  @ParameterizedTest(name = "credentials: {0}")
  @ValueSource(strings = {"none", "wrong"})
  void aClientRefusedBeforeItsBodyIsReadGetsThe401AfterWritingItAll(String credentials) {
    byte[] body = new byte[8 * 1024 * 1024];
    String head = "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + slipway.port
        + ("wrong".equals(credentials) ? "\r\nAuthorization: " + SlipwayServer.basic("admin", "not-the-password") : "")
        + "\r\nContent-Type: application/x-tar\r\nContent-Length: " + body.length;
    RawHttp.Response response = RawHttp.exchange(slipway.port, head, body, 10);
    assertThat(response.status()).isEqualTo(401);
  }

  /** Reading on after a 413 is bounded: a body that does not end is cut off by closing the connection. */
  @Test
  void aRefusedBodyIsNotReadForever() throws Exception {
    long written = 0;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", slipway.port)) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write((rawUploadHead("Content-Length: 100000000000") + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1024 * 1024];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try {
        while (System.nanoTime() < deadline) {
          out.write(chunk);
          written += chunk.length;
        }
      } catch (java.io.IOException closedByServer) {
        // what this test waits for
      }
    }
    assertThat(written).as("bytes written before the server closed the connection").isLessThan(512L * 1024 * 1024);
  }

  @Test
  void aDashboardUploadOverTheLimitIsA413() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/uploads")
        .putHeader("Accept", "application/json").sendMultipartForm(form(BIG)));
    assertError(response, 413, "larger than the upload limit");
  }

  @Test
  void aDashboardUploadOverTheLimitShowsTheErrorPageToABrowser() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/uploads")
        .putHeader("Accept", "text/html").sendMultipartForm(form(BIG)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.getHeader("Content-Type")).startsWith("text/html");
    assertThat(response.bodyAsString()).contains("larger than the upload limit");
  }

  /**
   * Refuses the upload on a client that has one connection, then asks for something else on it: a browser reuses
   * its keep-alive connection, so one refused upload must not leave it hanging.
   */
  private static void overOneConnection(Function<HttpClientRequest, Future<HttpClientResponse>> send) {
    HttpClient client = slipway.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(slipway.port), new PoolOptions().setHttp1MaxSize(1));
    try {
      JsonObject refused = within("the upload", client.request(HttpMethod.POST, PATH)
          .compose(request -> send.apply(request.putHeader("Authorization", SlipwayServer.ADMIN_AUTHORIZATION))
              .compose(UploadLimitsTest::asJson)));
      assertThat(refused.getInteger("status")).isEqualTo(413);
      assertThat(refused.getString("type")).startsWith("application/json");
      JsonObject error = new JsonObject(refused.getString("body"));
      assertThat(error.fieldNames()).containsExactly("error");
      assertThat(error.getString("error")).contains("larger than the limit of " + LIMIT + " bytes");
      JsonObject next = within("the next request on the same connection",
          client.request(HttpMethod.GET, "/api/jobs")
              // Read in the callback that delivers the response: added later from this thread, it may miss the body.
              .compose(r -> r.putHeader("Authorization", SlipwayServer.ADMIN_AUTHORIZATION).send()
                  .compose(UploadLimitsTest::asJson)));
      assertThat(next.getInteger("status")).isEqualTo(200);
    } finally {
      SlipwayServer.await(client.close());
    }
  }

  private static Future<JsonObject> asJson(HttpClientResponse response) {
    return response.body().map(body -> new JsonObject().put("status", response.statusCode())
        .put("type", response.getHeader("Content-Type")).put("body", body.toString()));
  }

  private static JsonObject within(String what, Future<JsonObject> answer) {
    try {
      return answer.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Slipway did not answer " + what + " within 10 s", e);
    }
  }

  private static MultipartForm form(byte[] tar) {
    return MultipartForm.create().attribute("tag", TAG)
        .binaryFileUpload("context", "context.tar", Buffer.buffer(tar), "application/x-tar");
  }

  /** The head of an archive upload written by hand (the one place to add credentials for a raw request). */
  private static String rawUploadHead(String lengthHeader) {
    return "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + slipway.port
        + "\r\nAuthorization: " + SlipwayServer.ADMIN_AUTHORIZATION
        + "\r\nContent-Type: application/x-tar\r\n" + lengthHeader;
  }

  private static byte[] chunked(byte[] body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int chunk = 64 * 1024;
    for (int offset = 0; offset < body.length; offset += chunk) {
      int size = Math.min(chunk, body.length - offset);
      out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(body, offset, size);
      out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Without a Content-Length, so only counting the bytes as they come can catch it. */
  private static Future<HttpClientResponse> sendInChunks(HttpClientRequest request) {
    request.putHeader("Content-Type", "application/x-tar").setChunked(true);
    for (int offset = 0; offset < BIG.length; offset += 16 * 1024) {
      request.write(Buffer.buffer(Arrays.copyOfRange(BIG, offset, Math.min(BIG.length, offset + 16 * 1024))));
    }
    request.end();
    return request.response();
  }
}
