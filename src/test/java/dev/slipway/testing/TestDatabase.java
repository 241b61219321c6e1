package dev.slipway.testing;

import dev.slipway.Config;
import dev.slipway.store.Database;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A look into a test server's database (H2 or PostgreSQL, whichever it uses), behind Slipway's back: to age rows, and
 * to prove what is never stored. SQL here is plain JDBC, with {@code ?} placeholders.
 */
public final class TestDatabase {
  private TestDatabase() {
  }

  /** The first column of every row of {@code sql}, as text. */
  public static List<String> column(SlipwayServer slipway, String sql, Object... params) {
    try (Connection connection = connect(slipway); PreparedStatement statement = prepare(connection, sql, params);
         ResultSet rows = statement.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  public static int update(SlipwayServer slipway, String sql, Object... params) {
    try (Connection connection = connect(slipway); PreparedStatement statement = prepare(connection, sql, params)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Whether any file under the server's data directory (H2's database among them) holds {@code text} as bytes, or,
   * on PostgreSQL, any value in any table of its database holds it.
   */
  public static boolean dataDirContains(SlipwayServer slipway, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(slipway.dataDir)) {
      if (files.filter(Files::isRegularFile).anyMatch(file -> contains(read(file), needle))) {
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return slipway.databaseUrl != null && postgresContains(slipway, text);
  }

  private static boolean postgresContains(SlipwayServer slipway, String text) {
    List<String> tables = column(slipway, "SELECT table_name FROM information_schema.tables "
        + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    try (Connection connection = connect(slipway); Statement statement = connection.createStatement()) {
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              String value = rows.getString(i);
              if (value != null && value.contains(text)) {
                return true;
              }
            }
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static Connection connect(SlipwayServer slipway) throws SQLException {
    if (slipway.databaseUrl != null) {
      return Postgres.connect(slipway.databaseUrl);
    }
    String url = Database.jdbcUrl(new JsonObject().put(Config.DATA_DIR, slipway.dataDir.toString()));
    return DriverManager.getConnection(url, "sa", "");
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }
}
