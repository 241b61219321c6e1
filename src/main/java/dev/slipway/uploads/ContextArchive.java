package dev.slipway.uploads;

import dev.slipway.domain.BadRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Checks an uploaded build context (tar, or tar.gz) before the engine sees it: every entry stays inside the context,
 * links included, there is exactly one Dockerfile at the top, and it unpacks to no more than the limits (a small
 * gzip can hold gigabytes of zeros: the upload limit only counts what was sent).
 */
public final class ContextArchive {
  private ContextArchive() {
  }

  /** The most an archive may unpack to (entry sizes and every byte read after gunzip) and the most entries. */
  public record Limits(long unpackedBytes, int entries) {
  }

  /** Blocking: reads the whole archive, and stops as soon as it passes a limit. */
  public static void validate(Path archive, Limits limits) {
    int dockerfiles = 0;
    boolean dockerfile = false;
    int entries = 0;
    long declared = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
         UnpackedInput unpacked = new UnpackedInput(maybeGunzip(raw), limits.unpackedBytes());
         TarArchiveInputStream tar = new TarArchiveInputStream(unpacked)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (++entries > limits.entries()) {
          throw new BadRequest(413, "the archive has more than " + limits.entries()
              + " entries (the limit, SLIPWAY_CONTEXT_MAX_ENTRIES)");
        }
        declared += Math.max(entry.getSize(), entry.getRealSize());
        if (declared > limits.unpackedBytes()) {
          throw UnpackedInput.tooLarge(limits.unpackedBytes());
        }
        String name = checkedPath(entry.getName(), entry.getName());
        if (entry.isSymbolicLink()) {
          checkLinkTarget(name, entry.getLinkName());
        } else if (entry.isLink()) {
          checkedPath(entry.getLinkName(), entry.getName());
        }
        // Of two entries of one name the engine keeps the last: only a single plain file is unambiguous.
        if (name.equals("Dockerfile")) {
          dockerfiles++;
          dockerfile = entry.isFile();
        }
        unpacked.entryData();
        tar.transferTo(OutputStream.nullOutputStream());
        unpacked.headerFollows();
      }
      unpacked.drainTrailer();
    } catch (IOException | IllegalArgumentException e) {
      throw new BadRequest("the upload is not a readable tar or tar.gz archive: " + e.getMessage());
    }
    if (entries == 0) {
      throw new BadRequest("the upload is empty or not a tar archive");
    }
    if (dockerfiles > 1) {
      throw new BadRequest("the archive has more than one entry named Dockerfile at its top level");
    }
    if (!dockerfile) {
      throw new BadRequest("the archive has no Dockerfile at its top level");
    }
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    // Concatenated members too, as the engine's gunzip reads them.
    return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
  }

  /** The entry's path without a leading {@code ./}; refuses absolute paths and any {@code ..} segment. */
  static String checkedPath(String path, String entry) {
    if (path.startsWith("/") || path.startsWith("\\")) {
      throw new BadRequest("archive entry '" + entry + "' has an absolute path");
    }
    String normal = path.replaceFirst("^(\\./)+", "").replaceFirst("/$", "");
    for (String segment : normal.split("/")) {
      if (segment.equals("..")) {
        throw new BadRequest("archive entry '" + entry + "' leaves the build context (..)");
      }
    }
    return normal;
  }

  /** A symbolic link may point anywhere inside the context, relative to its own folder, and nowhere else. */
  static void checkLinkTarget(String linkPath, String target) {
    if (target.startsWith("/")) {
      throw new BadRequest("archive entry '" + linkPath + "' is a symbolic link to an absolute path");
    }
    int depth = -1;
    for (String segment : linkPath.split("/")) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        depth++;
      }
    }
    for (String segment : target.split("/")) {
      if (segment.equals("..")) {
        depth--;
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw new BadRequest("archive entry '" + linkPath + "' is a symbolic link that leaves the build context");
      }
    }
  }
}
