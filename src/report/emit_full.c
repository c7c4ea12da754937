/* The `full` output format (ruff's default): for each finding the location,
 * code and message, then the source line with a gutter and carets under the
 * span (its first line when it spans several), then the hotness with its
 * evidence and any related locations:
 *
 *   app.py:4:9: HOT101 `import json` runs on every call
 *     |
 *   4 |         import json
 *     |         ^^^^^^^^^^^ HOT101
 *     |
 *     = hot: inside a `for` loop
 *
 * and the summary line at the end. A finding whose fix --fix would apply
 * has `[*]` before its message, as in ruff. */
#include "report/emit_internal.h"

#include "report/fix.h"

#include <string.h>

enum { FULL_TAB_WIDTH = 4 };

static size_t digits(uint32_t n) {
  size_t d = 1;
  while (n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

static void put_gutter(FILE *out, const hl_emit_style *style, size_t width) {
  fprintf(out, "%s%*s |%s", style->gutter, (int)width, "", style->reset);
}

/* Writes the source line of `f` with carets under its span. */
static void put_excerpt(FILE *out, const hl_emit_style *style,
                        const hotlint_finding *f, const char *source,
                        size_t length) {
  size_t start = f->start.byte <= length ? f->start.byte : length;
  size_t in_line = f->start.line_byte <= start ? f->start.line_byte : start;
  size_t line_start = start - in_line;
  size_t line_end = start;
  while (line_end < length && source[line_end] != '\n' &&
         source[line_end] != '\r')
    line_end++;
  size_t span_end = line_end;
  if (f->end.line == f->start.line && f->end.byte >= start &&
      f->end.byte < line_end)
    span_end = f->end.byte;

  size_t width = digits(f->start.line);
  put_gutter(out, style, width);
  fputc('\n', out);
  fprintf(out, "%s%u |%s ", style->gutter, f->start.line, style->reset);
  hl_emit_put_text(out, source + line_start, line_end - line_start,
                   FULL_TAB_WIDTH);
  fputc('\n', out);

  size_t indent = hl_emit_text_width(source + line_start, start - line_start,
                                     FULL_TAB_WIDTH);
  size_t carets =
      hl_emit_text_width(source + start, span_end - start, FULL_TAB_WIDTH);
  if (carets == 0)
    carets = 1;
  put_gutter(out, style, width);
  fprintf(out, " %*s%s", (int)indent, "", style->caret);
  for (size_t i = 0; i < carets; i++)
    fputc('^', out);
  fprintf(out, " %s%s\n", f->code, style->reset);
  put_gutter(out, style, width);
  fputc('\n', out);
}

static void full_file(hl_emitter *emitter, const char *path, const char *source,
                      size_t length, const hotlint_finding *const *findings,
                      size_t count) {
  FILE *out = emitter->settings.out;
  hl_emit_style style = hl_emit_style_get(emitter->settings.color);
  size_t path_len = strlen(path);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    fputs(style.bold, out);
    hl_emit_put_text(out, path, path_len, 0);
    fprintf(out, "%s:%u:%u: %s%s%s ", style.reset, f->start.line,
            f->start.column, style.code, f->code, style.reset);
    if (hl_fix_applies(f->fix, emitter->settings.unsafe_fixes))
      fputs("[*] ", out); /* ruff's mark of a fixable finding */
    hl_emit_put_text(out, f->message, strlen(f->message), 0);
    fputc('\n', out);

    put_excerpt(out, &style, f, source, length);

    size_t width = digits(f->start.line);
    fprintf(out, "%*s %s= %s%s", (int)width, "", style.bold,
            hl_emit_hotness_style(&style, f->hotness),
            hotlint_hotness_name(f->hotness));
    fputs(style.reset, out);
    for (size_t r = 0; r < f->reason_count; r++) {
      fputs(r == 0 ? ": " : "; ", out);
      hl_emit_put_text(out, f->reasons[r], strlen(f->reasons[r]), 0);
    }
    fputc('\n', out);
    for (size_t r = 0; r < f->related_count; r++) {
      const hotlint_related *rel = &f->related[r];
      fprintf(out, "%*s %s= note%s: ", (int)width, "", style.bold, style.reset);
      hl_emit_put_text(out, path, path_len, 0);
      fprintf(out, ":%u:%u: ", rel->start.line, rel->start.column);
      hl_emit_put_text(out, rel->message, strlen(rel->message), 0);
      fputc('\n', out);
    }
    if (f->benchmark) {
      char sentence[HL_BENCHMARK_SENTENCE_SIZE];
      hl_emit_benchmark_sentence(sentence, sizeof sentence, f->benchmark);
      fprintf(out, "%*s %s= benchmark%s: ", (int)width, "", style.bold,
              style.reset);
      hl_emit_put_text(out, sentence, strlen(sentence), 0);
      fputc('\n', out);
    }
    fputc('\n', out);
  }
}

static void full_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  if (emitter->settings.summary)
    hl_emit_summary_line(emitter->settings.out, summary);
}

const hl_emitter_ops hl_emit_full_ops = {
    .file = full_file,
    .end = full_end,
};
