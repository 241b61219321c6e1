package dev.slipway.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashing with Argon2id (salted, memory-hard; OWASP's parameters: 19 MiB, 2 passes). Blocking and slow on
 * purpose (tens of milliseconds): call it off the event loop.
 */
public final class Passwords {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int MIN_LENGTH = 8;

  private Passwords() {
  }

  /** Blocking. The PHC string ({@code $argon2id$v=19$m=…}) with its own salt. */
  public static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** Blocking. False for a wrong password and for a hash that is not Argon2's. */
  public static boolean verify(String password, String hash) {
    try {
      return hash != null && hash.startsWith("$argon2") && Password.check(password, hash).with(ARGON2);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A random secret of {@code bytes} bytes, URL-safe base64: for generated passwords, session ids and tokens. */
  public static String randomSecret(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
