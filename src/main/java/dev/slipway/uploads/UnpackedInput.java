package dev.slipway.uploads;

import dev.slipway.domain.BadRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The unpacked (gunzipped) bytes of an archive, counted as they are read: reading stops with a 413 as soon as they
 * pass the limit, so a gzip bomb is refused after reading just past the limit, not after unpacking all of it.
 * Between two entries only headers are read, and those get a small budget of their own: the tar reader keeps a
 * header (a long name, PAX records) in memory whole.
 */
final class UnpackedInput extends FilterInputStream {
  /** Far more than any real header (paths, extended attributes), far less than the heap. */
  static final long MAX_HEADER_BYTES = 1024 * 1024;

  private final long limit;
  private long count;
  private long headerEnd;

  UnpackedInput(InputStream in, long limit) {
    super(in);
    this.limit = limit;
    headerFollows();
  }

  static BadRequest tooLarge(long limit) {
    return new BadRequest(413, "the archive unpacks to more than " + limit
        + " bytes (the limit, SLIPWAY_CONTEXT_LIMIT)");
  }

  /** What follows is an entry's content, bounded by the overall limit only. */
  void entryData() {
    headerEnd = Long.MAX_VALUE;
  }

  /** What follows is the next entry's header (or the end of the archive). */
  void headerFollows() {
    headerEnd = count + MAX_HEADER_BYTES;
  }

  /** Whatever follows the end-of-archive record still reaches the engine, so it is read and counted too. */
  void drainTrailer() throws IOException {
    entryData();
    transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    counted(skipped);
    return skipped;
  }

  private void counted(long n) {
    count += n;
    if (count > limit) {
      throw tooLarge(limit);
    }
    if (count > headerEnd) {
      throw new BadRequest(413, "an archive entry has a header of more than " + MAX_HEADER_BYTES + " bytes");
    }
  }
}
