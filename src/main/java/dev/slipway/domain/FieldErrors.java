package dev.slipway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects what is wrong with each field of a request, so a refusal names every field at once instead of the first
 * only. Only 400s are collected: anything else (403: the role may not; 404) is not about one field and stops at once.
 */
public final class FieldErrors {
  private final String prefix;
  private final Map<String, String> errors = new LinkedHashMap<>();
  /** Each refusal's own message: one that named several fields says so in its own words. */
  private final List<String> messages = new ArrayList<>();

  /** @param prefix put before every field's name, such as {@code run.} for a launch's run settings */
  public FieldErrors(String prefix) {
    this.prefix = prefix;
  }

  public FieldErrors() {
    this("");
  }

  /** What {@code read} returns, or null when it refused {@code field} (the refusal is kept). */
  public <T> T read(String field, Supplier<T> read) {
    try {
      return read.get();
    } catch (BadRequest e) {
      add(field, e);
      return null;
    }
  }

  public void check(String field, Runnable check) {
    read(field, () -> {
      check.run();
      return null;
    });
  }

  /** A refusal that names fields itself keeps its names (under this prefix); another is {@code field}'s. */
  public void add(String field, BadRequest e) {
    if (e.code() != 400) {
      throw e;
    }
    messages.add(e.getMessage());
    if (e.fields().isEmpty()) {
      errors.putIfAbsent(prefix + field, e.getMessage());
    } else {
      e.fields().forEach((name, message) -> errors.putIfAbsent(prefix + name, message));
    }
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** A 400 with every refusal's message, one after another, and each by name; nothing when all fields passed. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw toBadRequest();
    }
  }

  /** The refusal naming every field; only when some field was refused. */
  public BadRequest toBadRequest() {
    return new BadRequest(400, String.join("; ", messages), errors);
  }
}
