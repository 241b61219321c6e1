package dev.slipway.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's result: one row per measure, with its target and whether it was met, printed as Markdown. */
final class Table {
  enum Verdict {
    PASS("pass"), MISS("**MISS**"), INFO(""), ERROR("**ERROR**");

    final String shown;

    Verdict(String shown) {
      this.shown = shown;
    }

    static Verdict of(boolean met) {
      return met ? PASS : MISS;
    }
  }

  record Row(String scenario, String measure, String value, String target, Verdict verdict) {
  }

  private final List<Row> rows = new ArrayList<>();

  synchronized void info(String scenario, String measure, String value) {
    add(scenario, measure, value, "", Verdict.INFO);
  }

  synchronized void check(String scenario, String measure, String value, String target, boolean met) {
    add(scenario, measure, value, target, Verdict.of(met));
  }

  synchronized void add(String scenario, String measure, String value, String target, Verdict verdict) {
    rows.add(new Row(scenario, measure, value, target, verdict));
    Progress.say("%s | %s: %s %s %s", scenario, measure, value, target.isEmpty() ? "" : "(target " + target + ")",
        verdict.shown);
  }

  /** Adds the rows of {@code other} after these (rows gathered while a scenario ran, shown after its results). */
  synchronized void addAll(Table other) {
    synchronized (other) {
      rows.addAll(other.rows);
    }
  }

  /** Appends the rows to a tab-separated file, so that several runs (one server each) make one table. */
  synchronized void append(java.nio.file.Path file) throws java.io.IOException {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      out.append(String.join("\t", row.scenario(), row.measure(), row.value(), row.target(), row.verdict().name()))
          .append('\n');
    }
    java.nio.file.Files.writeString(file, out, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  static Table read(java.nio.file.Path file) throws java.io.IOException {
    Table table = new Table();
    for (String line : java.nio.file.Files.readAllLines(file)) {
      String[] cells = line.split("\t", -1);
      if (cells.length == 5) {
        table.rows.add(new Row(cells[0], cells[1], cells[2], cells[3], Verdict.valueOf(cells[4])));
      }
    }
    return table;
  }


  synchronized String markdown() {
    String[] head = {"Scenario", "Measure", "Value", "Target", "Result"};
    int[] width = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      width[i] = head[i].length();
    }
    for (Row row : rows) {
      String[] cells = cells(row);
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, head, width);
    String[] rule = new String[head.length];
    for (int i = 0; i < head.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    line(out, rule, width);
    String previous = null;
    for (Row row : rows) {
      String[] cells = cells(row);
      if (cells[0].equals(previous)) {
        cells[0] = "";
      } else {
        previous = cells[0];
      }
      line(out, cells, width);
    }
    return out.toString();
  }

  private static String[] cells(Row row) {
    return new String[] {row.scenario(), row.measure(), row.value(), row.target(), row.verdict().shown};
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    out.append('\n');
  }
}
