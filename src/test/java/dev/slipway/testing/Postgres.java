package dev.slipway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL of the test machine ({@code .ci/setup-postgres} installs and starts it, and makes the role
 * {@code slipway}): each test gets a database of its own, so tests never see each other's rows. Never skipped: a test
 * that needs PostgreSQL fails with what to do when it is not there.
 */
public final class Postgres {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "slipway";
  public static final String PASSWORD = "slipway";

  private Postgres() {
  }

  /** A new, empty database; its URL in Slipway's form, {@code postgresql://user:password@host:port/db}. */
  public static String freshDatabase() {
    String name = "slipway_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    return "postgresql://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + name;
  }

  /** Drops a database made by {@link #freshDatabase()}, ending its connections first. */
  public static void drop(String url) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    if (!name.matches("slipway_t_[0-9a-f]{12}")) {
      throw new IllegalArgumentException("not a test database: " + name);
    }
    // FORCE ends the database's own sessions, but not an autovacuum worker busy in it after many writes: that
    // one goes by itself within seconds, so the drop is tried again until it is gone.
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return;
      } catch (AssertionError busy) {
        if (System.currentTimeMillis() > deadline) {
          throw busy;
        }
        SlipwayServer.sleep(1000);
      }
    }
  }

  /** JDBC access to a test database, for looking behind Slipway's back. */
  public static Connection connect(String url) throws SQLException {
    String name = url.substring(url.lastIndexOf('/') + 1);
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, PASSWORD);
  }

  private static void execute(String sql) {
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER,
        PASSWORD); Statement statement = admin.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL at " + HOST + ":" + PORT + " (role " + USER + ") did not take \"" + sql
          + "\": " + e.getMessage() + ". Run .ci/setup-postgres (as root) to install and start it.", e);
    }
  }
}
