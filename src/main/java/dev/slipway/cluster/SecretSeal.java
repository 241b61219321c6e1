package dev.slipway.cluster;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Run secrets between nodes: sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the cluster's shared
 * secret, so they never cross the clustered event bus in clear, and a sealed value that was changed on the way does
 * not open. Each seal has a fresh random nonce. What is sealed is never logged, stored or shown.
 */
public final class SecretSeal {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] PURPOSE = "slipway run secrets v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  public SecretSeal(String clusterSecret) {
    if (clusterSecret == null || clusterSecret.length() < 16) {
      throw new IllegalArgumentException("the cluster secret must have at least 16 characters");
    }
    this.key = new SecretKeySpec(derive(clusterSecret.getBytes(StandardCharsets.UTF_8)), "AES");
  }

  /** {@code {"NAME": "value", …}} sealed into one text. */
  public String seal(JsonObject secrets) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(PURPOSE);
      byte[] sealed = cipher.doFinal(secrets.encode().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
          .put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The secrets back; an {@link IllegalArgumentException} when the text was not sealed with this cluster's key. */
  public JsonObject open(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      if (all.length <= NONCE_BYTES) {
        throw new IllegalArgumentException("sealed secrets are too short");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(PURPOSE);
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new JsonObject(new String(plain, StandardCharsets.UTF_8));
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed secrets do not open with this cluster's secret (a node with "
          + "another SLIPWAY_CLUSTER_SECRET?)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** HKDF (RFC 5869) extract and expand to 32 bytes, with a fixed salt and this purpose as info. */
  private static byte[] derive(byte[] secret) {
    try {
      Mac extract = Mac.getInstance("HmacSHA256");
      extract.init(new SecretKeySpec("slipway".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] prk = extract.doFinal(secret);
      Mac expand = Mac.getInstance("HmacSHA256");
      expand.init(new SecretKeySpec(prk, "HmacSHA256"));
      expand.update(PURPOSE);
      expand.update((byte) 1);
      return expand.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
