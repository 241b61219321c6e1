package dev.slipway.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which database a {@link SlipwayServer} uses when its test names none: H2 by default; with
 * {@code -Dslipway.test.database=postgres}, a fresh PostgreSQL database for each data directory, so that the whole
 * suite can run on PostgreSQL and a server started again on the same data directory finds its rows again. The
 * databases made here are dropped when the test JVM exits.
 */
public final class DatabaseChoice {
  public static final String PROPERTY = "slipway.test.database";
  private static final Map<Path, String> BY_DATA_DIR = new HashMap<>();
  private static boolean dropAtExit;

  private DatabaseChoice() {
  }

  public static boolean postgresForEveryServer() {
    String choice = System.getProperty(PROPERTY, "h2").trim();
    if (!choice.equals("h2") && !choice.equals("postgres")) {
      throw new IllegalArgumentException("-D" + PROPERTY + " is h2 (the default) or postgres, not '" + choice + "'");
    }
    return choice.equals("postgres");
  }

  /** The database of the server on {@code dataDir}: made at its first start. */
  public static synchronized String postgresFor(Path dataDir) {
    if (!dropAtExit) {
      dropAtExit = true;
      Runtime.getRuntime().addShutdownHook(new Thread(DatabaseChoice::dropAll, "drop-test-databases"));
    }
    return BY_DATA_DIR.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> Postgres.freshDatabase());
  }

  private static void dropAll() {
    List<String> urls;
    synchronized (DatabaseChoice.class) {
      urls = new ArrayList<>(BY_DATA_DIR.values());
    }
    for (String url : urls) {
      try {
        Postgres.drop(url);
      } catch (AssertionError e) {
        // PostgreSQL went away first: nothing to tidy up then.
      }
    }
  }
}
