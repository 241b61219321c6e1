package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slipway.testing.LogCapture;
import dev.slipway.testing.Postgres;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that cannot be used stops Slipway at start-up with a message an operator can act on, naming the
 * database without its password; the password is in no exception and no log line.
 */
class PostgresStartTest {
  private static final String SECRET = "Pg-" + UUID.randomUUID();

  private Vertx vertx;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() {
    SlipwayServer.await(vertx.close());
  }

  @Test
  void anUnreachableDatabaseStopsTheStartAndSaysWhere() {
    int nobody = SlipwayServer.freePort();
    String failure = failedStart("postgresql://slipway:" + SECRET + "@127.0.0.1:" + nobody + "/slipway");
    assertThat(failure).contains("postgresql://slipway@127.0.0.1:" + nobody + "/slipway", "could not be reached",
        "refused");
  }

  @Test
  void aWrongPasswordStopsTheStartWithoutRepeatingIt() {
    String failure = failedStart("postgresql://slipway:" + SECRET + "@" + Postgres.HOST + ":" + Postgres.PORT
        + "/postgres");
    assertThat(failure).contains("password authentication failed", "postgresql://slipway@");
  }

  @Test
  void sslmodeRequireIsHonouredNotIgnored() {
    String url = Postgres.freshDatabase();
    try {
      String failure = failedStart(url.replace("slipway:slipway@", "slipway:" + SECRET + "@") + "?sslmode=require");
      assertThat(failure).as("the test PostgreSQL speaks no TLS").contains("does not support SSL");
    } finally {
      Postgres.drop(url);
    }
  }

  @Test
  void aMalformedUrlStopsTheStartAndSaysWhatIsExpected() {
    String failure = failedStart("postgresql://slipway:" + SECRET + "@" + Postgres.HOST + ":" + Postgres.PORT);
    assertThat(failure).contains("SLIPWAY_DATABASE_URL", "postgresql://user:password@host:port/database");
  }

  /** Starts a server on {@code url}, expects it to fail, checks the secret is nowhere; returns the whole failure. */
  private String failedStart(String url) {
    Throwable thrown;
    LogCapture log = new LogCapture();
    try (log) {
      thrown = catchThrowable(() -> SlipwayServer.start(vertx, new JsonObject().put(Config.DATABASE_URL, url)));
    }
    assertThat(thrown).as("the start fails").isNotNull();
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).as("the failure and its causes").doesNotContain(SECRET);
    assertThat(log.messages()).as("Slipway's log").noneMatch(line -> line.contains(SECRET));
    return trace.toString();
  }
}
