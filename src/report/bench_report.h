/* The `--bench-report FILE.html` page: one self-contained document (inline
 * CSS and SVG, no script, nothing fetched) with, per benchmarked finding,
 * its place, rule and message, the source lines around it, the verdict
 * sentence, a table of every size (medians, speed-up, 95% interval,
 * verdict) and, per size, a chart of the samples, before beside after.
 * Written as polyglot markup: it parses as HTML and as well-formed XML
 * (void elements closed, the five XML escapes only), so both of
 * xmllint's parsers can check it.
 *
 * Owns nothing; appends to the caller's buffer. */
#ifndef HOTLINT_REPORT_BENCH_REPORT_H
#define HOTLINT_REPORT_BENCH_REPORT_H

#include "base/strbuf.h"
#include "hotlint/hotlint.h"

typedef struct hl_bench_report_entry {
  const char *path;               /* as shown in the other formats */
  const hotlint_finding *finding; /* its benchmark is set */
  const char *source;             /* the file's text, for the excerpt */
  size_t length;
} hl_bench_report_entry;

/* Appends the page for `entries` (in the order given) to out.
 * `interpreter` describes what ran them ("CPython 3.11.2
 * (/usr/bin/python3.11)"). */
void hl_bench_report_render(const hl_bench_report_entry *entries, size_t count,
                            const char *interpreter, hl_strbuf *out);

#endif
