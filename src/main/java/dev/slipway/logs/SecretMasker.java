package dev.slipway.logs;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Replaces every occurrence of a secret value with {@link #MASK}, longest secrets first. */
public final class SecretMasker {
  public static final String MASK = "••••";
  public static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> secrets;

  public SecretMasker(Collection<String> secretValues) {
    this.secrets = secretValues.stream()
        .filter(Objects::nonNull)
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
