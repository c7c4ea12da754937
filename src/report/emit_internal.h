/* What the emitter implementations share: the operations table each format
 * fills, the emitter object, and helpers for writing text safely (control
 * characters and invalid UTF-8 never reach the terminal raw) and the
 * closing summary line. Only src/report/emit*.c include this. */
#ifndef HOTLINT_REPORT_EMIT_INTERNAL_H
#define HOTLINT_REPORT_EMIT_INTERNAL_H

#include "report/emit.h"

#include "base/strbuf.h"

#include <jansson.h>

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
extern const hl_emitter_ops hl_emit_sarif_ops;
extern const hl_emitter_ops hl_emit_github_ops;
extern const hl_emitter_ops hl_emit_gitlab_ops;
extern const hl_emitter_ops hl_emit_junit_ops;

/* `path` relative to settings.working_directory when it lies under it
 * ("./" prefixes dropped too); otherwise as given. Points into `path`. */
const char *hl_emit_relative_path(const hl_emitter *emitter, const char *path);

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

/* Appends text with the XML escapes (&, <, >, "); bytes that are not
 * valid UTF-8, and control characters XML does not allow, become U+FFFD. */
void hl_emit_xml_escaped(hl_strbuf *out, const char *text, size_t length);

/* Fingerprints of findings for the CI formats (SARIF partialFingerprints,
 * GitLab's fingerprint): a hash of the rule, the path, the trimmed text of
 * the finding's first line and of its span, and how many findings with the
 * same hash came before it in the run — so it stays the same when lines
 * are added or removed above the finding, and two identical findings in a
 * file still differ. The set remembers the hashes seen. */
typedef struct hl_fingerprints hl_fingerprints;
hl_fingerprints *hl_fingerprints_new(void);
void hl_fingerprints_delete(hl_fingerprints *set);
/* Writes 32 hex digits. `source` (length bytes) is the file's text, or
 * NULL when there is none. */
void hl_emit_fingerprint(hl_fingerprints *set, const char *path,
                         const char *source, size_t length,
                         const hotlint_finding *f, char out[33]);

/* A JSON string of text, invalid UTF-8 replaced by U+FFFD; null for NULL.
 * A new reference. */
json_t *hl_emit_json_string(const char *text);

/* A finding's benchmark as the JSON formats write it (status, speedup,
 * ci_low, ci_high, before_ns, after_ns, python, size, error, sizes with
 * their samples); null for none. A new reference. */
json_t *hl_emit_benchmark_json(const hotlint_benchmark *benchmark);

/* "812 ns", "3.41 µs", "12.50 ms". */
void hl_emit_format_ns(char *out, size_t size, double ns);

/* The benchmark verdict as a sentence for the text formats, e.g. "refuted
 * on CPython 3.11.2: the suggested form is 1.30× slower (95% CI
 * 1.25–1.36×; 1.00 µs → 1.30 µs per call at size 1000)"; writes at most
 * size bytes. */
void hl_emit_benchmark_sentence(char *out, size_t size,
                                const hotlint_benchmark *benchmark);
/* Room for any sentence (the error message is at most ~500 bytes). */
enum { HL_BENCHMARK_SENTENCE_SIZE = 700 };

#endif
