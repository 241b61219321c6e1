package dev.slipway.web;

/** The server-sent events wire format. */
final class Sse {
  private Sse() {
  }

  /** One event; {@code data} may hold line breaks, which become one {@code data:} field per line. */
  static String event(Long id, String event, String data) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: ").append(event).append('\n');
    for (String part : data.split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(part).append('\n');
    }
    return sb.append('\n').toString();
  }
}
