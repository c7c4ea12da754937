/* Emitters: how findings are written. One interface (begin, one call per
 * file in output order, end with the summary) and one implementation per
 * output format, each in its own file (emit_full.c, emit_concise.c,
 * emit_json.c, emit_statistics.c). Emitters write to the stream they were
 * given and nothing else; errors on the stream are the caller's to check
 * (ferror). They copy what they need to keep, so the caller may free a
 * file's findings as soon as hl_emitter_file returns. */
#ifndef HOTLINT_REPORT_EMIT_H
#define HOTLINT_REPORT_EMIT_H

#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum hl_output_format {
  HL_OUTPUT_FULL,    /* ruff's default: message, source line, carets */
  HL_OUTPUT_CONCISE, /* one line per finding */
  HL_OUTPUT_JSON,    /* a JSON array shaped like ruff's */
  HL_OUTPUT_JSONL,   /* the same objects, one per line */
  HL_OUTPUT_SARIF,   /* SARIF 2.1.0, for code scanning */
  HL_OUTPUT_GITHUB,  /* GitHub Actions workflow commands (annotations) */
  HL_OUTPUT_GITLAB,  /* GitLab Code Quality report */
  HL_OUTPUT_JUNIT,   /* JUnit XML, one test case per finding */
} hl_output_format;

typedef struct hl_emit_settings {
  FILE *out;
  hl_output_format format;
  bool statistics;   /* per-rule counts instead of findings */
  bool color;        /* ANSI colors (the caller decided: TTY, NO_COLOR) */
  bool summary;      /* end with "Found N findings" (false with -q) */
  bool unsafe_fixes; /* unsafe fixes count as available (--unsafe-fixes) */
  /* The rule set, for the formats that describe every rule (SARIF), and
   * the working directory paths are made relative to (absolute; NULL: as
   * given). */
  const hotlint_engine *engine;
  const char *working_directory;
  const char *information_uri; /* the tool's documentation (SARIF), or NULL */
} hl_emit_settings;

/* What the closing line reports. */
typedef struct hl_emit_summary {
  size_t file_count; /* files checked */
  size_t finding_count;
  size_t hotness_count[3]; /* indexed by hotlint_hotness */
  size_t suppressed_count; /* silenced by # noqa */
  size_t error_count;      /* paths that could not be fully checked */
  size_t skipped_count;    /* files over max-file-size, not checked */
  bool fixing;             /* --fix ran: say how many were fixed */
  size_t fixed_count;      /* fixes applied (--fix) */
  size_t fixable_count;    /* remaining findings whose fix applies */
  size_t hidden_fix_count; /* remaining unsafe fixes, without --unsafe-fixes */
} hl_emit_summary;

typedef struct hl_emitter hl_emitter;

/* Returns a new emitter for settings->format (or statistics); free with
 * hl_emitter_delete. */
hl_emitter *hl_emitter_new(const hl_emit_settings *settings);
void hl_emitter_delete(hl_emitter *emitter);

void hl_emitter_begin(hl_emitter *emitter);
/* Writes the findings of one file. `source` is the file's text (for the
 * source excerpt); `findings` are sorted by position. */
void hl_emitter_file(hl_emitter *emitter, const char *path, const char *source,
                     size_t length, const hotlint_finding *const *findings,
                     size_t count);
void hl_emitter_end(hl_emitter *emitter, const hl_emit_summary *summary);

/* Parses "full" / "concise" / "json" / "jsonl" / "sarif" / "github" /
 * "gitlab" / "junit"; false for anything else. */
bool hl_output_format_parse(const char *name, hl_output_format *format);

#endif
