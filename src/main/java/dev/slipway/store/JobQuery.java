package dev.slipway.store;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobState;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search over the job history: by kind, state, user, app or image ({@code target}), free text (in the target,
 * the user and the parameters) and the node that owns the job; newest first, paged.
 */
public record JobQuery(JobKind kind, JobState state, String user, String target, String text, int page, int size,
                       String node) {
  public static final int MAX_SIZE = 200;

  /** Jobs of any node. */
  public JobQuery(JobKind kind, JobState state, String user, String target, String text, int page, int size) {
    this(kind, state, user, target, text, page, size, null);
  }

  public static JobQuery all(int size) {
    return new JobQuery(null, null, null, null, null, 0, size);
  }

  /** From a request body or query: every field optional, each checked. */
  public static JobQuery from(JsonObject q) {
    try {
      String kind = blankToNull(q.getString("kind"));
      String state = blankToNull(q.getString("state"));
      int page = Integer.parseInt(String.valueOf(q.getValue("page", 0)));
      int size = Integer.parseInt(String.valueOf(q.getValue("size", 50)));
      if (page < 0 || size < 1 || size > MAX_SIZE) {
        throw new BadRequest("page must be 0 or more and size 1 to " + MAX_SIZE);
      }
      return new JobQuery(kind == null ? null : JobKind.parse(kind), state == null ? null : JobState.parse(state),
          blankToNull(q.getString("user")), blankToNull(q.getString("target")), blankToNull(q.getString("q")),
          page, size, blankToNull(q.getString("node")));
    } catch (IllegalArgumentException | ClassCastException e) {
      if (e instanceof BadRequest bad) {
        throw bad;
      }
      throw new BadRequest("invalid job filter: kind is build|run|launch, state is queued|running|succeeded|failed|"
          + "cancelled, page and size are numbers");
    }
  }

  record Where(String sql, List<Object> args) {
  }

  Where where() {
    List<String> parts = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (kind != null) {
      parts.add("kind = ?");
      args.add(kind.wire());
    }
    if (state != null) {
      parts.add("state = ?");
      args.add(state.wire());
    }
    if (user != null) {
      parts.add("user_name = ?");
      args.add(user);
    }
    if (node != null) {
      parts.add("node = ?");
      args.add(node);
    }
    if (target != null) {
      parts.add("LOWER(target) LIKE ? ESCAPE '!'");
      args.add("%" + like(target) + "%");
    }
    if (text != null) {
      parts.add("(LOWER(target) LIKE ? ESCAPE '!' OR LOWER(user_name) LIKE ? ESCAPE '!' OR LOWER(params) LIKE ? "
          + "ESCAPE '!' OR LOWER(error) LIKE ? ESCAPE '!' OR id LIKE ? ESCAPE '!')");
      String pattern = "%" + like(text) + "%";
      for (int i = 0; i < 5; i++) {
        args.add(pattern);
      }
    }
    return new Where(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), args);
  }

  private static String like(String text) {
    return text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
