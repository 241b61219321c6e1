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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A look into a test server's database, behind Slipway's back: to age rows, and to prove what is never stored. */
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

  /** Whether any file under the server's data directory (the database among them) holds {@code text} as bytes. */
  public static boolean dataDirContains(SlipwayServer slipway, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(slipway.dataDir)) {
      return files.filter(Files::isRegularFile).anyMatch(file -> contains(read(file), needle));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
