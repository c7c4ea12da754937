/* What the emitter implementations share: the operations table each format
 * fills, the emitter object, and helpers for writing text safely (control
 * characters and invalid UTF-8 never reach the terminal raw) and the
 * closing summary line. Only src/report/emit*.c include this. */
#ifndef HOTLINT_REPORT_EMIT_INTERNAL_H
#define HOTLINT_REPORT_EMIT_INTERNAL_H

#include "report/emit.h"

typedef struct hl_emitter_ops {
  /* Allocates emitter->state (may leave it NULL). */
  void (*create)(hl_emitter *emitter);
  void (*begin)(hl_emitter *emitter);
  void (*file)(hl_emitter *emitter, const char *path, const char *source,
               size_t length, const hotlint_finding *const *findings,
               size_t count);
  void (*end)(hl_emitter *emitter, const hl_emit_summary *summary);
  /* Frees emitter->state. */
  void (*destroy)(hl_emitter *emitter);
} hl_emitter_ops;

struct hl_emitter {
  const hl_emitter_ops *ops;
  hl_emit_settings settings;
  void *state; /* the format's own */
};

extern const hl_emitter_ops hl_emit_full_ops;
extern const hl_emitter_ops hl_emit_concise_ops;
extern const hl_emitter_ops hl_emit_json_ops;
extern const hl_emitter_ops hl_emit_jsonl_ops;
extern const hl_emitter_ops hl_emit_statistics_ops;

/* ANSI styles, empty strings when color is off. */
typedef struct hl_emit_style {
  const char *bold;
  const char *code;   /* rule code */
  const char *gutter; /* " |" and line numbers */
  const char *caret;
  const char *hot;
  const char *warm;
  const char *cold;
  const char *reset;
} hl_emit_style;

hl_emit_style hl_emit_style_get(bool color);
/* The style for a hotness level. */
const char *hl_emit_hotness_style(const hl_emit_style *style,
                                  hotlint_hotness hotness);

/* Writes len bytes of text with every C0 control character but tab, and
 * DEL, replaced by its Unicode control picture (U+2400 + c) and every byte
 * that is not valid UTF-8 by U+FFFD. Tabs are written as `tab_width`
 * spaces, or as-is when tab_width is 0. Returns the number of display
 * cells written (one per code point; tab_width per tab). */
size_t hl_emit_put_text(FILE *out, const char *text, size_t len,
                        unsigned tab_width);
/* Returns the display cells hl_emit_put_text would write, without writing. */
size_t hl_emit_text_width(const char *text, size_t len, unsigned tab_width);

/* Returns a copy of text (hl_free it) that is valid UTF-8: invalid bytes
 * become U+FFFD. */
char *hl_emit_utf8_lossy(const char *text);

/* Writes "Found 3 findings (2 hot, 1 warm)." or "All checks passed!" and,
 * when some paths could not be fully checked, says how many. */
void hl_emit_summary_line(FILE *out, const hl_emit_summary *summary);

/* "812 ns", "3.41 µs", "12.50 ms". */
void hl_emit_format_ns(char *out, size_t size, double ns);

/* The benchmark verdict as a sentence for the text formats, e.g. "refuted
 * on CPython 3.11.2: the suggested form is 1.30× slower (95% CI
 * 1.25–1.36×; 1.00 µs → 1.30 µs per call at size 1000)"; writes at most
 * size bytes. */
void hl_emit_benchmark_sentence(char *out, size_t size,
                                const hotlint_benchmark *benchmark);

#endif
