package dev.slipway.logs;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Replaces every occurrence of a secret value with {@link #MASK}, longest secrets first. Logs are masked line by line,
 * so each line of a multi-line secret (a key file, say) counts as a secret of its own, when it is long enough to
 * mean anything.
 */
public final class SecretMasker {
  public static final String MASK = "••••";
  public static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> secrets;

  private static final int MIN_LINE_OF_SECRET = 4;

  public SecretMasker(Collection<String> secretValues) {
    this.secrets = secretValues.stream()
        .filter(Objects::nonNull)
        .flatMap(secret -> Stream.concat(Stream.of(secret), secret.lines()
            .filter(line -> line.length() >= MIN_LINE_OF_SECRET && !line.equals(secret))))
        .filter(s -> !s.isEmpty())
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  public String mask(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }
}
