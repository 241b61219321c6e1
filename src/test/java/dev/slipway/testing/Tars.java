package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();

    public Builder file(String name, byte[] data, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(data.length);
      entry.setMode(mode);
      entries.put(entry, data);
      return this;
    }

    public Builder file(String name, String text) {
      return file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Builder symlink(String name, String target) {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      entry.setLinkName(target);
      entries.put(entry, new byte[0]);
      return this;
    }

    public byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<TarArchiveEntry, byte[]> e : entries.entrySet()) {
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
