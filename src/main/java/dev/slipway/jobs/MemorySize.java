package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as {@code docker run --memory} writes them: {@code 536870912}, {@code 512m}, {@code 1.5g}. */
final class MemorySize {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?) ?([kmgt])?i?b?");
  private static final long K = 1024;

  private MemorySize() {
  }

  /** A JSON number of bytes or a string with a unit; a 400 naming {@code field} otherwise. */
  static long parse(Object value, String field) {
    if (value instanceof Number n && n.doubleValue() == Math.floor(n.doubleValue()) && n.longValue() > 0) {
      return n.longValue();
    }
    Matcher m = value instanceof String s ? SIZE.matcher(s.trim().toLowerCase(Locale.ROOT)) : null;
    if (m == null || !m.matches()) {
      throw new BadRequest(field + " must be a size such as \"512m\" or \"1g\", not " + quoted(value));
    }
    long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "k" -> K;
      case "m" -> K * K;
      case "g" -> K * K * K;
      default -> K * K * K * K;
    };
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || bytes.signum() == 0) {
      throw new BadRequest(field + " must be a size such as \"512m\" or \"1g\", not " + quoted(value));
    }
    return bytes.longValue();
  }

  /** The shortest exact way to write {@code bytes}: {@code 512m}, {@code 1g}, or plain bytes. */
  static String format(long bytes) {
    String[] units = {"t", "g", "m", "k"};
    long[] sizes = {K * K * K * K, K * K * K, K * K, K};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
        return bytes / sizes[i] + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
