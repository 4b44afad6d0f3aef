package io.slipstream.processor.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, columns padded to their widest cell, numbers right-aligned. */
final class TextTable {
  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Column names; a name starting with {@code >} is right-aligned (the marker is dropped). */
  TextTable(String... columns) {
    header = new ArrayList<>();
    rightAligned = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      rightAligned[i] = columns[i].startsWith(">");
      header.add(rightAligned[i] ? columns[i].substring(1) : columns[i]);
    }
  }

  TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " cells, got " + cells.length);
    }
    rows.add(List.of(cells));
    return this;
  }

  String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  /** RFC 4180 CSV: a header line, then one line per row; cells quoted when they need it. */
  String renderCsv() {
    StringBuilder out = new StringBuilder();
    csvLine(out, header);
    rows.forEach(row -> csvLine(out, row));
    return out.toString();
  }

  /** A GitHub-flavoured Markdown table, numeric columns right-aligned. */
  String renderMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", escaped(header))).append(" |\n|");
    for (boolean right : rightAligned) {
      out.append(right ? " ---: |" : " --- |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", escaped(row))).append(" |\n");
    }
    return out.toString();
  }

  private static List<String> escaped(List<String> cells) {
    return cells.stream().map(cell -> cell.replace("|", "\\|")).toList();
  }

  private static void csvLine(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String cell = cells.get(i);
      boolean quote =
          cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
    }
    out.append("\r\n");
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      String padding = " ".repeat(widths[i] - cell.length());
      line.append(rightAligned[i] ? padding + cell : cell + padding);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
