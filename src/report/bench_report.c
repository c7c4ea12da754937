/* The --bench-report page. See bench_report.h. */
#include "report/bench_report.h"

#include "report/emit_internal.h"

#include <stdio.h>
#include <string.h>

static void put_escaped_string(hl_strbuf *out, const char *text) {
  hl_emit_xml_escaped(out, text, strlen(text));
}

static const char *verdict_label(hotlint_verdict verdict) {
  return verdict == HOTLINT_VERDICT_NO_EFFECT ? "no effect"
         : verdict == HOTLINT_VERDICT_ERROR   ? "failed"
                                              : hotlint_verdict_name(verdict);
}

static const char STYLE[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:"
    "62em;padding:0 1em;color:#1c1c1c}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2.2em;border-top:"
    "1px solid #ccc;padding-top:1em}"
    "code,pre{font-family:ui-monospace,monospace;font-size:13px}"
    "pre{background:#f6f6f6;padding:.6em;overflow-x:auto}"
    "pre .hit{background:#fff3b0;display:inline-block;min-width:100%}"
    "pre .ln{color:#888;display:inline-block;width:4em;text-align:right;"
    "margin-right:1em}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}"
    "th{background:#f0f0f0}td.l,th.l{text-align:left}"
    ".confirmed{color:#1e7d32}.refuted{color:#b3261e}.no-effect{color:#555}"
    ".error{color:#a15c00}.verdict{font-weight:600}"
    ".charts svg{margin:0 1em 1em 0;border:1px solid #eee}";

enum {
  CHART_WIDTH = 360,
  CHART_HEIGHT = 210,
  PLOT_LEFT = 74,
  PLOT_RIGHT = 350,
  PLOT_TOP = 28,
  PLOT_BOTTOM = 170,
};

/* One size's samples: before (left) beside after (right), each sample a
 * dot, each median a bar, the y axis in time per call from 0. */
static void put_chart(hl_strbuf *out, const hotlint_benchmark_size *size) {
  double top = 0;
  for (size_t i = 0; i < size->sample_count; i++) {
    if (size->before_ns[i] > top)
      top = size->before_ns[i];
    if (size->after_ns[i] > top)
      top = size->after_ns[i];
  }
  top = top > 0 ? top * 1.1 : 1;
  char before[32], after[32];
  hl_emit_format_ns(before, sizeof before, size->before_median_ns);
  hl_emit_format_ns(after, sizeof after, size->after_median_ns);
  hl_strbuf_printf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                   "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                   "<title>size %u: before, median ",
                   CHART_WIDTH, CHART_HEIGHT, CHART_WIDTH, CHART_HEIGHT,
                   size->size);
  put_escaped_string(out, before);
  hl_strbuf_puts(out, ", beside after, median ");
  put_escaped_string(out, after);
  hl_strbuf_printf(out,
                   ", %zu samples each</title>"
                   "<text x=\"%d\" y=\"18\" font-size=\"13\" "
                   "font-weight=\"bold\">size %u</text>",
                   size->sample_count, PLOT_LEFT, size->size);
  /* axes and three ticks: 0, half, top */
  hl_strbuf_printf(out,
                   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                   "stroke=\"#888\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
                   "y2=\"%d\" stroke=\"#888\"/>",
                   PLOT_LEFT, PLOT_TOP, PLOT_LEFT, PLOT_BOTTOM, PLOT_LEFT,
                   PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM);
  for (int tick = 0; tick <= 2; tick++) {
    double value = top * tick / 2;
    double y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * tick / 2.0;
    char label[32];
    hl_emit_format_ns(label, sizeof label, value);
    hl_strbuf_printf(out,
                     "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                     "stroke=\"#888\"/><text x=\"%d\" y=\"%.1f\" "
                     "font-size=\"11\" text-anchor=\"end\">",
                     PLOT_LEFT - 4, y, PLOT_LEFT, y, PLOT_LEFT - 7, y + 4);
    put_escaped_string(out, label);
    hl_strbuf_puts(out, "</text>");
  }
  const double *series[2] = {size->before_ns, size->after_ns};
  const double medians[2] = {size->before_median_ns, size->after_median_ns};
  const char *colors[2] = {"#b3261e", "#1f5fa8"};
  const char *names[2] = {"before", "after"};
  const char *medians_text[2] = {before, after};
  double width = PLOT_RIGHT - PLOT_LEFT;
  for (int s = 0; s < 2; s++) {
    double centre = PLOT_LEFT + width * (s == 0 ? 0.28 : 0.72);
    for (size_t i = 0; i < size->sample_count; i++) {
      double x = centre + ((double)(i % 7) - 3) * 7; /* spread, not random */
      double y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (series[s][i] / top);
      hl_strbuf_printf(out,
                       "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" "
                       "fill=\"%s\" fill-opacity=\"0.65\"/>",
                       x, y, colors[s]);
    }
    double y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (medians[s] / top);
    hl_strbuf_printf(out,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"#1c1c1c\" stroke-width=\"2\"/>"
                     "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" "
                     "text-anchor=\"middle\" fill=\"%s\">%s</text>"
                     "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                     "text-anchor=\"middle\">",
                     centre - 30, y, centre + 30, y, centre, PLOT_BOTTOM + 17,
                     colors[s], names[s], centre, PLOT_BOTTOM + 32);
    put_escaped_string(out, medians_text[s]);
    hl_strbuf_puts(out, "</text>");
  }
  hl_strbuf_puts(out, "</svg>");
}

/* The finding's lines and two on each side, numbered, the finding's own
 * lines marked. */
static void put_excerpt(hl_strbuf *out, const hl_bench_report_entry *entry) {
  const hotlint_finding *f = entry->finding;
  uint32_t first = f->start.line > 2 ? f->start.line - 2 : 1;
  uint32_t last = f->end.line + 2;
  hl_strbuf_puts(out, "<pre class=\"code\">");
  uint32_t line = 1;
  size_t start = 0;
  while (start <= entry->length && line <= last) {
    size_t end = start;
    while (end < entry->length && entry->source[end] != '\n')
      end++;
    if (line >= first) {
      bool hit = line >= f->start.line && line <= f->end.line;
      hl_strbuf_printf(out, "<span class=\"%s\"><span class=\"ln\">%u</span>",
                       hit ? "hit" : "line", line);
      size_t text_end = end;
      if (text_end > start && entry->source[text_end - 1] == '\r')
        text_end--;
      hl_emit_xml_escaped(out, entry->source + start, text_end - start);
      hl_strbuf_puts(out, "</span>\n");
    }
    if (end >= entry->length)
      break;
    start = end + 1;
    line++;
  }
  hl_strbuf_puts(out, "</pre>\n");
}

static void put_sizes_table(hl_strbuf *out, const hotlint_benchmark *b) {
  hl_strbuf_puts(out, "<table><tr><th>size</th><th>before (median)</th>"
                      "<th>after (median)</th><th>speed-up</th>"
                      "<th>95% interval</th><th class=\"l\">verdict</th>"
                      "<th>samples</th><th>calls per sample</th></tr>\n");
  for (size_t i = 0; i < b->size_count; i++) {
    const hotlint_benchmark_size *s = &b->sizes[i];
    hl_strbuf_printf(out, "<tr><td>%u</td>", s->size);
    if (s->verdict == HOTLINT_VERDICT_ERROR) {
      hl_strbuf_puts(out, "<td></td><td></td><td></td><td></td>"
                          "<td class=\"l error\">failed: ");
      put_escaped_string(out, s->error ? s->error : "");
      hl_strbuf_puts(out, "</td><td></td><td></td></tr>\n");
      continue;
    }
    char before[32], after[32];
    hl_emit_format_ns(before, sizeof before, s->before_median_ns);
    hl_emit_format_ns(after, sizeof after, s->after_median_ns);
    hl_strbuf_puts(out, "<td>");
    put_escaped_string(out, before);
    hl_strbuf_puts(out, "</td><td>");
    put_escaped_string(out, after);
    hl_strbuf_printf(out,
                     "</td><td>%.2f\xc3\x97</td><td>%.2f\xe2\x80\x93%.2f"
                     "\xc3\x97</td><td class=\"l %s\">%s</td><td>%zu</td>"
                     "<td>%lu</td></tr>\n",
                     s->speedup, s->ci_low, s->ci_high,
                     hotlint_verdict_name(s->verdict),
                     verdict_label(s->verdict), s->sample_count, s->loops);
  }
  hl_strbuf_puts(out, "</table>\n");
}

void hl_bench_report_render(const hl_bench_report_entry *entries, size_t count,
                            const char *interpreter, hl_strbuf *out) {
  size_t tally[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < count; i++)
    if ((unsigned)entries[i].finding->benchmark->verdict < 4)
      tally[entries[i].finding->benchmark->verdict]++;
  hl_strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                      "<meta charset=\"utf-8\"/>"
                      "<meta name=\"viewport\" content=\"width=device-width\"/>"
                      "<title>hotlint micro-benchmarks</title><style>");
  hl_strbuf_puts(out, STYLE);
  hl_strbuf_puts(out, "</style></head>\n<body>\n<h1>hotlint micro-benchmarks"
                      "</h1>\n<p>Interpreter: ");
  put_escaped_string(out, interpreter);
  hl_strbuf_printf(
      out,
      ". %zu finding%s benchmarked: %zu confirmed, %zu refuted, "
      "%zu no effect, %zu failed.</p>\n",
      count, count == 1 ? "" : "s", tally[HOTLINT_VERDICT_CONFIRMED],
      tally[HOTLINT_VERDICT_REFUTED], tally[HOTLINT_VERDICT_NO_EFFECT],
      tally[HOTLINT_VERDICT_ERROR]);
  hl_strbuf_puts(
      out,
      "<p>Each benchmark times the flagged form (before) and the suggested "
      "form (after) of the rule's own example, filled with the finding's "
      "literals: a loop count calibrated until one sample lasts at least "
      "10 ms, then samples of both, interleaved. The speed-up is the median "
      "time before divided by the median time after, with a 95% bootstrap "
      "interval: <span class=\"confirmed\">confirmed</span> when the whole "
      "interval is above 1.05, <span class=\"refuted\">refuted</span> "
      "(the suggested form is slower) when it is below 0.95, "
      "<span class=\"no-effect\">no effect</span> otherwise. The verdict of "
      "a finding is that of its largest size.</p>\n");
  if (count) {
    hl_strbuf_puts(out, "<table><tr><th class=\"l\">finding</th>"
                        "<th class=\"l\">rule</th><th class=\"l\">verdict"
                        "</th><th>speed-up</th><th>95% interval</th></tr>\n");
    for (size_t i = 0; i < count; i++) {
      const hotlint_finding *f = entries[i].finding;
      const hotlint_benchmark *b = f->benchmark;
      hl_strbuf_printf(out, "<tr><td class=\"l\"><a href=\"#f%zu\">", i + 1);
      put_escaped_string(out, entries[i].path);
      hl_strbuf_printf(out, ":%u:%u</a></td><td class=\"l\">%s ", f->start.line,
                       f->start.column, f->code);
      put_escaped_string(out, f->name);
      hl_strbuf_printf(out, "</td><td class=\"l verdict %s\">%s</td>",
                       hotlint_verdict_name(b->verdict),
                       verdict_label(b->verdict));
      if (b->verdict == HOTLINT_VERDICT_ERROR)
        hl_strbuf_puts(out, "<td></td><td></td></tr>\n");
      else
        hl_strbuf_printf(out,
                         "<td>%.2f\xc3\x97</td><td>%.2f\xe2\x80\x93%.2f"
                         "\xc3\x97</td></tr>\n",
                         b->speedup, b->ci_low, b->ci_high);
    }
    hl_strbuf_puts(out, "</table>\n");
  }
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = entries[i].finding;
    const hotlint_benchmark *b = f->benchmark;
    hl_strbuf_printf(out, "<section id=\"f%zu\">\n<h2>", i + 1);
    put_escaped_string(out, entries[i].path);
    hl_strbuf_printf(out, ":%u:%u <code>%s</code> ", f->start.line,
                     f->start.column, f->code);
    put_escaped_string(out, f->name);
    hl_strbuf_puts(out, "</h2>\n<p>");
    put_escaped_string(out, f->message);
    hl_strbuf_puts(out, "</p>\n");
    put_excerpt(out, &entries[i]);
    char sentence[HL_BENCHMARK_SENTENCE_SIZE];
    hl_emit_benchmark_sentence(sentence, sizeof sentence, b);
    hl_strbuf_printf(out, "<p class=\"verdict %s\">",
                     hotlint_verdict_name(b->verdict));
    put_escaped_string(out, sentence);
    hl_strbuf_puts(out, "</p>\n");
    if (b->size_count)
      put_sizes_table(out, b);
    hl_strbuf_puts(out, "<div class=\"charts\">");
    for (size_t s = 0; s < b->size_count; s++)
      if (b->sizes[s].verdict != HOTLINT_VERDICT_ERROR &&
          b->sizes[s].sample_count)
        put_chart(out, &b->sizes[s]);
    hl_strbuf_puts(out, "</div>\n</section>\n");
  }
  hl_strbuf_puts(out, "</body></html>\n");
}
