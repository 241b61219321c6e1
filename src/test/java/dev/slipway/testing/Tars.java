package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Build contexts made in memory, including hostile ones. */
public final class Tars {
  private Tars() {
  }

  /** A tar of text files (mode 644) and executables (mode 755). */
  public static byte[] of(Map<String, byte[]> files, Map<String, byte[]> executables) {
    Builder b = new Builder();
    files.forEach((name, data) -> b.file(name, data, 0644));
    executables.forEach((name, data) -> b.file(name, data, 0755));
    return b.bytes();
  }

  public static byte[] dockerfile(String dockerfile) {
    return new Builder().file("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), 0644).bytes();
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A gzip bomb made on the fly: a Dockerfile, then one entry of {@code zeros} zero bytes, gzipped (about a
   * thousandth of its unpacked size). {@code afterEnd} puts the zeros after the end-of-archive record instead, where
   * no entry header declares them.
   */
  public static byte[] gzipBomb(long zeros, boolean afterEnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
      TarArchiveEntry dockerfile = new TarArchiveEntry("Dockerfile", true);
      byte[] text = "FROM scratch\n".getBytes(StandardCharsets.UTF_8);
      dockerfile.setSize(text.length);
      tar.putArchiveEntry(dockerfile);
      tar.write(text);
      tar.closeArchiveEntry();
      if (!afterEnd) {
        TarArchiveEntry zeroes = new TarArchiveEntry("zeros.bin", true);
        zeroes.setSize(zeros);
        tar.putArchiveEntry(zeroes);
        writeZeros(tar, zeros);
        tar.closeArchiveEntry();
      }
      tar.finish();
      if (afterEnd) {
        writeZeros(gz, zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeZeros(java.io.OutputStream out, long count) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (long left = count; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    /** A list, not a map: an entry's equality is its name, and hostile archives repeat names. */
    private final List<Map.Entry<TarArchiveEntry, byte[]>> entries = new ArrayList<>();

    public Builder file(String name, byte[] data, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(data.length);
      entry.setMode(mode);
      entries.add(Map.entry(entry, data));
      return this;
    }

    public Builder file(String name, String text) {
      return file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Builder directory(String name) {
      entries.add(Map.entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), new byte[0]));
      return this;
    }

    /** An entry with PAX extended header records, such as a {@code comment} of any length. */
    public Builder withPax(String name, String text, String key, String value) {
      byte[] data = text.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(data.length);
      entry.addPaxHeader(key, value);
      entries.add(Map.entry(entry, data));
      return this;
    }

    public Builder symlink(String name, String target) {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      entry.setLinkName(target);
      entries.add(Map.entry(entry, new byte[0]));
      return this;
    }

    public byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<TarArchiveEntry, byte[]> e : entries) {
          tar.putArchiveEntry(e.getKey());
          tar.write(e.getValue());
          tar.closeArchiveEntry();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }
}
