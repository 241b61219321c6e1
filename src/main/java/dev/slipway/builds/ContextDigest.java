package dev.slipway.builds;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The digests of a build context as the engine receives it (a tar, or a tar.gz): one over every entry, sorted by
 * path, each with its kind, permission bits, and its content's SHA-256 (a file) or its target (a link), so the same
 * files give the same digest whenever and wherever they are packed (times and owners are left out: the classic
 * builder's {@code COPY} does not keep them); and one over the {@code Dockerfile} at the top.
 */
public final class ContextDigest {
  /** Part of what is hashed: a change of what goes in gives other digests, never the same ones by chance. */
  private static final String FORMAT = "slipway-context-digest-v1";
  /** The Dockerfile's text is kept for reading its {@code FROM}s, up to this size (its digest covers all of it). */
  private static final int MAX_DOCKERFILE_TEXT = 1024 * 1024;

  private ContextDigest() {
  }

  /** {@code sha256:…} of the context and of its Dockerfile (null when it has none), and the Dockerfile's text. */
  public record Result(String context, String dockerfile, String dockerfileText) {
  }

  /** Blocking: reads the archive whole (the caller closes it). */
  public static Result of(InputStream archive) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    String dockerfile = null;
    String dockerfileText = null;
    TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(new BufferedInputStream(archive)));
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String path = entry.getName().replaceFirst("^(\\./)+", "").replaceFirst("/+$", "");
      if (path.isEmpty() || path.equals(".")) {
        continue;
      }
      MessageDigest content = sha256();
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      boolean isDockerfile = path.equals("Dockerfile") && entry.isFile();
      if (entry.isFile()) {
        OutputStream sink = new DigestOutputStream(isDockerfile ? limited(text) : OutputStream.nullOutputStream(), content);
        tar.transferTo(sink);
      }
      byte[] hash = content.digest();
      // Of two entries of one path the engine keeps the last: so does the digest. Each entry is kept as its own
      // SHA-256, so a context of 100,000 entries holds a few MB here at most.
      entries.put(path, sha256().digest(describe(entry, path, hash)));
      if (isDockerfile) {
        dockerfile = "sha256:" + HexFormat.of().formatHex(hash);
        dockerfileText = text.toString(StandardCharsets.UTF_8);
      } else if (path.equals("Dockerfile")) {
        dockerfile = null;
        dockerfileText = null;
      }
    }
    MessageDigest all = sha256();
    all.update(FORMAT.getBytes(StandardCharsets.UTF_8));
    entries.values().forEach(all::update);
    return new Result("sha256:" + HexFormat.of().formatHex(all.digest()), dockerfile, dockerfileText);
  }

  /** Length-prefixed fields, so that no path or target can make two entries read alike. */
  private static byte[] describe(TarArchiveEntry entry, String path, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, kind(entry));
    field(out, path);
    field(out, Integer.toOctalString(entry.getMode() & 07777));
    if (entry.isFile()) {
      field(out, Long.toString(entry.getSize()));
      field(out, HexFormat.of().formatHex(content));
    } else if (entry.isSymbolicLink() || entry.isLink()) {
      field(out, entry.getLinkName());
    }
    return out.toByteArray();
  }

  private static String kind(TarArchiveEntry entry) {
    return entry.isSymbolicLink() ? "symlink" : entry.isLink() ? "link" : entry.isDirectory() ? "dir"
        : entry.isFile() ? "file" : "other";
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }

  private static OutputStream limited(ByteArrayOutputStream text) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        if (text.size() < MAX_DOCKERFILE_TEXT) {
          text.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        text.write(b, off, Math.max(0, Math.min(len, MAX_DOCKERFILE_TEXT - text.size())));
      }
    };
  }

  private static InputStream maybeGunzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
