package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.LogLine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
  @TempDir
  Path dir;

  private final String job = UUID.randomUUID().toString();

  private LogStore store() {
    LogStore store = new LogStore(dir);
    store.open();
    return store;
  }

  private static List<LogLine> lines(long from, int count) {
    List<LogLine> out = new ArrayList<>();
    for (long n = from; n < from + count; n++) {
      out.add(new LogLine(n, n % 2 == 0 ? "stderr" : "stdout", "line " + n));
    }
    return out;
  }

  @Test
  void anyPageOfALongLogReadsBackExactlyAcrossIndexBoundaries() {
    LogStore store = store();
    store.append(job, lines(1, 3000));
    store.append(job, lines(3001, 2000));
    for (long after : new long[] {0, 1, 1023, 1024, 1025, 2047, 4999, 5000, 7000}) {
      List<LogLine> page = store.read(job, after, 100);
      long expected = Math.min(100, Math.max(0, 5000 - after));
      assertThat(page).as("after %d", after).hasSize((int) expected);
      for (int i = 0; i < page.size(); i++) {
        assertThat(page.get(i)).isEqualTo(new LogLine(after + 1 + i, (after + 1 + i) % 2 == 0 ? "stderr" : "stdout",
            "line " + (after + 1 + i)));
      }
    }
  }

  @Test
  void textThatLooksLikeTheRecordFormatComesBackUnchanged() {
    LogStore store = store();
    String tricky = "tab\there, back\\slash, \\n literal, real\nbreak, \r, 12\tstdout\t\tfake, ünï©ødé 🚢";
    store.append(job, List.of(new LogLine(1, "stdout", tricky, "2026-11-29T03:31:53.1Z"), new LogLine(2, "system", "")));
    assertThat(store.read(job, 0, 10)).containsExactly(new LogLine(1, "stdout", tricky, "2026-11-29T03:31:53.1Z"),
        new LogLine(2, "system", "", null));
  }

  @Test
  void aRecordTornByACrashIsDroppedAndTheLogGoesOnAfterTheLastWholeLine() throws IOException {
    LogStore store = store();
    store.append(job, lines(1, 1500));
    try (FileChannel log = FileChannel.open(dir.resolve(job + ".log"), StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      log.write(java.nio.ByteBuffer.wrap("1501\tstdout\t\thalf a li".getBytes()));
    }
    assertThat(store.read(job, 1495, 10)).extracting(LogLine::n).containsExactly(1496L, 1497L, 1498L, 1499L, 1500L);

    LogTail tail = store.recover(job);

    assertThat(tail.lines()).isEqualTo(1500);
    store.append(job, lines(1501, 10));
    assertThat(store.read(job, 1499, 100)).extracting(LogLine::n).containsExactly(1500L, 1501L, 1502L, 1503L, 1504L,
        1505L, 1506L, 1507L, 1508L, 1509L, 1510L);
  }

  @Test
  void theTailSaysWhereEachStreamOfAReattachedFollowerResumes() {
    LogStore store = store();
    store.append(job, List.of(new LogLine(1, "stderr", "early", "2026-11-29T02:00:00.5Z"),
        new LogLine(2, "stdout", "a", "2026-11-29T03:00:00.000000001Z"),
        new LogLine(3, "stdout", "b", "2026-11-29T03:00:00.000000002Z"),
        new LogLine(4, "stdout", "b, cut piece", "2026-11-29T03:00:00.000000002Z"),
        new LogLine(5, "system", "note", null)));
    store.append(job, lines(6, 3000));

    LogTail tail = store.recover(job);

    assertThat(tail.lines()).isEqualTo(3005);
    assertThat(tail.marks().getJsonObject("stdout").getString("ts")).isEqualTo("2026-11-29T03:00:00.000000002Z");
    assertThat(tail.marks().getJsonObject("stdout").getInteger("count")).isEqualTo(2);
    assertThat(tail.marks().getJsonObject("stderr").getString("ts")).isEqualTo("2026-11-29T02:00:00.5Z");
    assertThat(tail.marks().getJsonObject("stderr").getInteger("count")).isEqualTo(1);
  }

  @Test
  void aJobWithoutALogHasNoLinesAndDeletingRemovesBothFiles() {
    LogStore store = store();
    assertThat(store.read(job, 0, 10)).isEmpty();
    assertThat(store.recover(job)).isEqualTo(LogTail.EMPTY);
    store.append(job, lines(1, 2000));
    store.delete(job);
    assertThat(dir.resolve(job + ".log")).doesNotExist();
    assertThat(dir.resolve(job + ".idx")).doesNotExist();
  }

  @Test
  void somethingThatIsNotAJobIdNeverBecomesAPath() {
    LogStore store = store();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.read("../../etc/passwd", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }

  @Test
  void anIndexLeftShortByACrashIsRebuiltSoEveryPageIsFoundAgain() throws IOException {
    LogStore store = store();
    store.append(job, lines(1, 1100));
    try (FileChannel idx = FileChannel.open(dir.resolve(job + ".idx"), StandardOpenOption.WRITE)) {
      idx.truncate(0);
    }

    store.recover(job);
    store.append(job, lines(1101, 1000));

    assertThat(store.read(job, 1100, 3)).extracting(LogLine::n).containsExactly(1101L, 1102L, 1103L);
    assertThat(store.read(job, 2047, 2)).extracting(LogLine::n).containsExactly(2048L, 2049L);
    assertThat(store.read(job, 0, 1)).extracting(LogLine::n).containsExactly(1L);
  }

  @Test
  void aPageStopsAtItsCharacterBoundButAlwaysHoldsALine() {
    LogStore store = store();
    List<LogLine> wide = new ArrayList<>();
    for (long n = 1; n <= 10; n++) {
      wide.add(new LogLine(n, "stdout", "x".repeat(1000)));
    }
    store.append(job, wide);

    assertThat(store.read(job, 0, 100, 2500)).extracting(LogLine::n).containsExactly(1L, 2L, 3L);
    assertThat(store.read(job, 3, 100, 1)).extracting(LogLine::n).containsExactly(4L);
  }
}
