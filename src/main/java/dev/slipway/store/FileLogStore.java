package dev.slipway.store;

import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Each job's log in an append-only file under {@code dataDir/logs}: one record per line,
 * {@code n TAB stream TAB ts TAB text LF}, text escaped so a record never holds a raw line break. A sparse index
 * ({@code ID.idx}: the byte offset of every {@value #INDEX_EVERY}th line, 8 bytes each) makes any page a seek away.
 * The store of a single node (embedded H2): a log on a node's disk is gone with the node.
 *
 * <p>The file system blocks: each method runs its {@code …Blocking} twin on a worker thread
 * ({@code executeBlocking}, unordered, so one job's slow read holds up no other job). Writes to one job's log must
 * not overlap (the jobs owner chains them); reads may run beside a write and see only whole records.
 */
public final class FileLogStore implements LogStore {
  static final int INDEX_EVERY = 1024;
  private final Vertx vertx;
  private final Path dir;

  public FileLogStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public Future<Void> open() {
    return blocking(this::openBlocking);
  }

  @Override
  public Future<Void> append(String jobId, List<LogLine> lines) {
    return blocking(() -> appendBlocking(jobId, lines));
  }

  @Override
  public Future<List<LogLine>> read(String jobId, long after, int limit, long maxChars) {
    return vertx.executeBlocking(() -> readBlocking(jobId, after, limit, maxChars), false);
  }

  @Override
  public Future<LogTail> recover(String jobId) {
    return vertx.executeBlocking(() -> recoverBlocking(jobId), false);
  }

  @Override
  public Future<Void> delete(String jobId) {
    return blocking(() -> deleteBlocking(jobId));
  }

  private Future<Void> blocking(Runnable work) {
    return vertx.executeBlocking(() -> {
      work.run();
      return null;
    }, false);
  }

  /** Blocking. Creates the folder. */
  private void openBlocking() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log folder " + dir, e);
    }
  }

  /** Blocking. Appends lines numbered on from the file's last line; the caller numbers them. */
  private void appendBlocking(String jobId, List<LogLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    try (FileChannel log = FileChannel.open(logFile(jobId), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      long offset = log.size();
      ByteBuffer index = ByteBuffer.allocate(8 * (lines.size() / INDEX_EVERY + 1));
      StringBuilder text = new StringBuilder();
      List<byte[]> records = new ArrayList<>(lines.size());
      for (LogLine line : lines) {
        if ((line.n() - 1) % INDEX_EVERY == 0) {
          index.putLong(offset);
        }
        byte[] record = LogRecords.encode(line, text);
        records.add(record);
        offset += record.length;
      }
      writeAll(log, records);
      if (index.position() > 0) {
        try (FileChannel idx = FileChannel.open(indexFile(jobId), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          idx.write(index.flip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of job " + jobId, e);
    }
  }

  private static void writeAll(FileChannel log, List<byte[]> records) throws IOException {
    int size = records.stream().mapToInt(r -> r.length).sum();
    ByteBuffer buffer = ByteBuffer.allocate(size);
    records.forEach(buffer::put);
    buffer.flip();
    while (buffer.hasRemaining()) {
      log.write(buffer);
    }
  }

  /** Blocking. See {@link LogStore#read(String, long, int, long)}. */
  private List<LogLine> readBlocking(String jobId, long after, int limit, long maxChars) {
    Path file = logFile(jobId);
    if (!Files.exists(file)) {
      return List.of();
    }
    try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ)) {
      long entry = Math.max(0, after) / INDEX_EVERY;
      long[] start = indexEntry(jobId, entry);
      return LogRecords.readFrom(log, start[0], start[1], after, limit, maxChars);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of job " + jobId, e);
    }
  }

  /** The offset of index entry {@code entry} or of the last one before it, and the line number before it. */
  private long[] indexEntry(String jobId, long entry) throws IOException {
    Path idx = indexFile(jobId);
    if (!Files.exists(idx)) {
      return new long[] {0, 0};
    }
    try (FileChannel index = FileChannel.open(idx, StandardOpenOption.READ)) {
      long usable = Math.min(entry, index.size() / 8 - 1);
      if (usable < 0) {
        return new long[] {0, 0};
      }
      ByteBuffer b = ByteBuffer.allocate(8);
      index.read(b, usable * 8);
      return new long[] {b.flip().getLong(), usable * INDEX_EVERY};
    }
  }

  /**
   * Blocking. After a crash: drops a record torn by the crash and index entries past the end, and says how many lines
   * the log holds and where each container stream resumes (see {@link LogTail}).
   */
  private LogTail recoverBlocking(String jobId) {
    Path file = logFile(jobId);
    if (!Files.exists(file)) {
      return LogTail.EMPTY;
    }
    try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // The whole log: a quiet stream's last line may be far back, and the index is rebuilt from what is really
      // there (a crash between the log's write and the index's may have left it short). Only after a restart.
      List<Long> offsets = new ArrayList<>();
      LogRecords.Scan scan = LogRecords.scanTail(log, offsets);
      log.truncate(scan.endOffset());
      ByteBuffer index = ByteBuffer.allocate(8 * offsets.size());
      offsets.forEach(index::putLong);
      try (FileChannel idx = FileChannel.open(indexFile(jobId), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        idx.write(index.flip());
      }
      return scan.tail();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover the log of job " + jobId, e);
    }
  }

  /** Blocking. Removes the job's log; nothing if there is none. */
  private void deleteBlocking(String jobId) {
    try {
      Files.deleteIfExists(logFile(jobId));
      Files.deleteIfExists(indexFile(jobId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the log of job " + jobId, e);
    }
  }

  private Path logFile(String jobId) {
    return dir.resolve(safe(jobId) + ".log");
  }

  private Path indexFile(String jobId) {
    return dir.resolve(safe(jobId) + ".idx");
  }

  /** Job ids are UUIDs; anything else must never become a path. */
  private static String safe(String jobId) {
    if (!jobId.matches("[0-9a-f-]{36}")) {
      throw new IllegalArgumentException("not a job id: " + jobId);
    }
    return jobId;
  }
}
