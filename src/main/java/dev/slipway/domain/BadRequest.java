package dev.slipway.domain;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that cannot be carried out as given; its message is shown to the user as it stands. A refusal of several
 * fields names each ({@link #fields()}: field path such as {@code ports} or {@code run.secretEnv.PASSWORD} → its
 * message), so a form shows every error next to its field and the REST API answers {@code "fields"} too.
 */
public final class BadRequest extends RuntimeException {
  /** Between the message and the fields on the event bus, whose failures carry only a code and a text. */
  private static final String FIELDS_MARK = "\n\u0001fields ";
  private final int code;
  private final Map<String, String> ordered;

  public BadRequest(String message) {
    this(400, message);
  }

  public BadRequest(int code, String message) {
    this(code, message, Map.of());
  }

  public BadRequest(int code, String message, Map<String, String> fields) {
    super(message, null, false, false);
    this.code = code;
    // In the order the fields were checked: the order a form lists them.
    this.ordered = new LinkedHashMap<>(fields);
  }

  public int code() {
    return code;
  }

  /** The message of each field this refusal names, in the order they were checked; empty when it names none. */
  public Map<String, String> fields() {
    return java.util.Collections.unmodifiableMap(ordered);
  }

  /**
   * The text to fail an event-bus message with: the message, and the fields after a mark {@link #fromWire} reads
   * back (a reader that does not know the mark still sees the message on the first line).
   */
  public String wire() {
    if (ordered.isEmpty()) {
      return getMessage();
    }
    JsonObject json = new JsonObject();
    ordered.forEach(json::put);
    return getMessage() + FIELDS_MARK + json.encode();
  }

  /** The refusal an event-bus failure ({@code code}, {@code text} from {@link #wire}) carried. */
  public static BadRequest fromWire(int code, String text) {
    int mark = text == null ? -1 : text.indexOf(FIELDS_MARK);
    if (mark < 0) {
      return new BadRequest(code, text);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      new JsonObject(text.substring(mark + FIELDS_MARK.length())).forEach(e -> fields.put(e.getKey(),
          String.valueOf(e.getValue())));
    } catch (RuntimeException e) {
      return new BadRequest(code, text.substring(0, mark));
    }
    return new BadRequest(code, text.substring(0, mark), fields);
  }
}
