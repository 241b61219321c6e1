package dev.slipway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in hex: how session ids and API tokens are stored. They are long random secrets, so a fast hash is enough
 * (nobody can guess through it), and the database holds nothing that lets anyone in.
 */
public final class Sha256 {
  private Sha256() {
  }

  public static String hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
