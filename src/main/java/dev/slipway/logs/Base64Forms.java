package dev.slipway.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The base64 texts that give a secret away: its own encoding (standard and URL-safe alphabets, with and without
 * padding), and the parts that stay the same wherever it sits inside longer encoded data ({@code user:SECRET} in a
 * Basic auth header, a JSON config piped through {@code base64}).
 *
 * <p>Base64 turns each 3 bytes into 4 chars, so inside longer data the secret starts 0, 1 or 2 bytes into a group.
 * For each of these alignments, the chars whose 6 bits come from the secret alone are the same whatever bytes
 * surround it (the <em>core</em>); the first and last chars, which share bits with the neighbours, are not.
 * With {@code a} bytes before the secret and {@code m = a + n} bytes in all, bit 0 of the secret is bit {@code 8a}
 * of the data, so the core is chars {@code ceil(8a / 6)} to {@code floor(8m / 6)} of the encoding.
 * The secret at the very end of the data also ends its encoding, so the core's tail (with and without padding) is
 * a form too.
 */
final class Base64Forms {
  private static final List<Base64.Encoder> ALPHABETS = List.of(Base64.getEncoder(), Base64.getUrlEncoder());

  private Base64Forms() {
  }

  /** The forms of a secret whose core has at least {@code minCoreChars} chars, for each alignment. */
  static Set<String> of(String secret, int minCoreChars) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    Set<String> forms = new LinkedHashSet<>();
    for (Base64.Encoder alphabet : ALPHABETS) {
      for (int before = 0; before < 3; before++) {
        byte[] data = new byte[before + bytes.length];
        System.arraycopy(bytes, 0, data, before, bytes.length);
        String padded = alphabet.encodeToString(data);
        String unpadded = alphabet.withoutPadding().encodeToString(data);
        int first = (8 * before + 5) / 6;
        int last = 8 * data.length / 6;
        if (last - first < minCoreChars) {
          continue;
        }
        forms.add(unpadded.substring(first, last));
        forms.add(unpadded.substring(first));
        forms.add(padded.substring(first));
      }
    }
    return forms;
  }
}
