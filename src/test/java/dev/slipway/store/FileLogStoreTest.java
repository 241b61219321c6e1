package dev.slipway.store;

import static dev.slipway.store.LogStoreTest.await;
import static dev.slipway.store.LogStoreTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the files of a single node need: repair after a crash, and paths made only of job ids. */
class FileLogStoreTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final String job = UUID.randomUUID().toString();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private FileLogStore store() {
    FileLogStore store = new FileLogStore(vertx, dir);
    await(store.open());
    return store;
  }

  @Test
  void aRecordTornByACrashIsDroppedAndTheLogGoesOnAfterTheLastWholeLine() throws IOException {
    FileLogStore store = store();
    await(store.append(job, lines(1, 1500)));
    try (FileChannel log = FileChannel.open(dir.resolve(job + ".log"), StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      log.write(ByteBuffer.wrap("1501\tstdout\t\thalf a li".getBytes()));
    }
    assertThat(await(store.read(job, 1495, 10))).extracting(LogLine::n)
        .containsExactly(1496L, 1497L, 1498L, 1499L, 1500L);

    LogTail tail = await(store.recover(job));

    assertThat(tail.lines()).isEqualTo(1500);
    await(store.append(job, lines(1501, 10)));
    assertThat(await(store.read(job, 1499, 100))).extracting(LogLine::n).containsExactly(1500L, 1501L, 1502L, 1503L,
        1504L, 1505L, 1506L, 1507L, 1508L, 1509L, 1510L);
  }

  @Test
  void anIndexLeftShortByACrashIsRebuiltSoEveryPageIsFoundAgain() throws IOException {
    FileLogStore store = store();
    await(store.append(job, lines(1, 1100)));
    try (FileChannel idx = FileChannel.open(dir.resolve(job + ".idx"), StandardOpenOption.WRITE)) {
      idx.truncate(0);
    }

    await(store.recover(job));
    await(store.append(job, lines(1101, 1000)));

    assertThat(await(store.read(job, 1100, 3))).extracting(LogLine::n).containsExactly(1101L, 1102L, 1103L);
    assertThat(await(store.read(job, 2047, 2))).extracting(LogLine::n).containsExactly(2048L, 2049L);
    assertThat(await(store.read(job, 0, 1))).extracting(LogLine::n).containsExactly(1L);
  }

  @Test
  void deletingALogRemovesBothItsFiles() {
    FileLogStore store = store();
    await(store.append(job, lines(1, 2000)));
    await(store.delete(job));
    assertThat(dir.resolve(job + ".log")).doesNotExist();
    assertThat(dir.resolve(job + ".idx")).doesNotExist();
  }

  @Test
  void somethingThatIsNotAJobIdNeverBecomesAPath() {
    FileLogStore store = store();
    Future<List<LogLine>> read = store.read("../../etc/passwd", 0, 1);
    Future<Void> append = store.append("../x", lines(1, 1));

    assertThatThrownBy(() -> read.await(10, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> append.await(10, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.getParent().resolve("x.log")).doesNotExist();
  }
}
