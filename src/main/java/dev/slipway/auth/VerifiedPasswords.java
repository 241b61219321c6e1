package dev.slipway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers for a few minutes which name and password pairs passed Argon2, so a script sending HTTP Basic with every
 * request costs one slow hash every few minutes, not one per request. It keeps a keyed hash (HMAC with a key that
 * lives and dies with this process) of the pair, never the password, and the stored hash it was checked against: a
 * changed password stops matching at once.
 */
final class VerifiedPasswords {
  private static final long KEEP_MS = 10 * 60_000L;
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(String passwordHash, long verifiedAt) {
  }

  private final byte[] key = new byte[32];
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  VerifiedPasswords() {
    new SecureRandom().nextBytes(key);
  }

  /** Blocking (an HMAC): call it where the password check itself would run. */
  String fingerprint(String name, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((name + '\0' + password).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java has HmacSHA256", e);
    }
  }

  synchronized boolean matches(String fingerprint, String passwordHash, long now) {
    Entry entry = entries.get(fingerprint);
    return entry != null && entry.passwordHash().equals(passwordHash) && now - entry.verifiedAt() < KEEP_MS;
  }

  synchronized void remember(String fingerprint, String passwordHash, long now) {
    entries.put(fingerprint, new Entry(passwordHash, now));
  }
}
