package dev.slipway.web;

import java.util.Arrays;
import dev.slipway.domain.JobState;
import dev.slipway.domain.JobKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One page of the job history as the History page shows it: the filters as entered (to fill the form in and to keep
 * them in the paging links), the page's jobs, and where it sits among all that match.
 */
public record HistoryView(Map<String, String> filters, List<JobView> jobs, long total, int page, int size) {
  public static final List<String> KINDS = Arrays.stream(JobKind.values()).map(JobKind::wire).toList();
  public static final List<String> STATES = Arrays.stream(JobState.values()).map(JobState::wire).toList();

  /** The value of one filter, or null when it is not set. */
  public String filter(String name) {
    return filters.get(name);
  }

  public boolean filtered() {
    return !filters.isEmpty();
  }

  public int pages() {
    return (int) Math.max(1, (total + size - 1) / size);
  }

  /** 1-based numbers of the first and last job shown. */
  public long first() {
    return (long) page * size + 1;
  }

  public long last() {
    return (long) page * size + jobs.size();
  }

  /** The link to the page before, or null on the first page. */
  public String previous() {
    return page > 0 ? url(Math.min(page - 1, pages() - 1)) : null;
  }

  /** The link to the page after, or null on the last page. */
  public String next() {
    return (long) (page + 1) * size < total ? url(page + 1) : null;
  }

  /** This page's URL with the same filters, so a link or a bookmark shows the same jobs. */
  String url(int toPage) {
    StringJoiner query = new StringJoiner("&", "/history?", "").setEmptyValue("/history");
    for (String name : JobFilters.NAMES) {
      String value = filters.get(name);
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    if (toPage > 0) {
      query.add("page=" + toPage);
    }
    return query.toString();
  }
}
