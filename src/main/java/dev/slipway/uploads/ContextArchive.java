package dev.slipway.uploads;

import dev.slipway.domain.BadRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Checks an uploaded build context (tar, or tar.gz) before the engine sees it: every entry stays inside the context,
 * links included, and there is a Dockerfile at the top.
 */
public final class ContextArchive {
  private ContextArchive() {
  }

  /** Blocking: reads the whole archive. */
  public static void validate(Path archive) {
    boolean dockerfile = false;
    int entries = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
         TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(raw))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries++;
        String name = checkedPath(entry.getName(), entry.getName());
        if (entry.isSymbolicLink()) {
          checkLinkTarget(name, entry.getLinkName());
        } else if (entry.isLink()) {
          checkedPath(entry.getLinkName(), entry.getName());
        }
        dockerfile |= "Dockerfile".equals(name) && entry.isFile();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new BadRequest("the upload is not a readable tar or tar.gz archive: " + e.getMessage());
    }
    if (entries == 0) {
      throw new BadRequest("the upload is empty or not a tar archive");
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
    return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(in) : in;
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
