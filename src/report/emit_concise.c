/* The `concise` output format: one line per finding, the hotness level
 * before the message and its evidence after it,
 *   app.py:4:9: HOT101 [hot] `import json` runs ... (inside a `for` loop
 *   (line 3))
 * and, after --bench, the benchmark's verdict in brackets; then the summary
 * line. */
#include "report/emit_internal.h"
#include "report/fix.h"

#include <string.h>

static void concise_file(hl_emitter *emitter, const char *path,
                         const char *source, size_t length,
                         const hotlint_finding *const *findings, size_t count) {
  (void)source;
  (void)length;
  FILE *out = emitter->settings.out;
  hl_emit_style style = hl_emit_style_get(emitter->settings.color);
  size_t path_len = strlen(path);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    fputs(style.bold, out);
    hl_emit_put_text(out, path, path_len, 0);
    fprintf(out, "%s:%u:%u: %s%s%s [%s%s%s] ", style.reset, f->start.line,
            f->start.column, style.code, f->code, style.reset,
            hl_emit_hotness_style(&style, f->hotness),
            hotlint_hotness_name(f->hotness), style.reset);
    if (hl_fix_applies(f->fix, emitter->settings.unsafe_fixes))
      fputs("[*] ", out);
    hl_emit_put_text(out, f->message, strlen(f->message), 0);
    for (size_t r = 0; r < f->reason_count; r++) {
      fputs(r ? "; " : " (", out);
      hl_emit_put_text(out, f->reasons[r], strlen(f->reasons[r]), 0);
    }
    if (f->reason_count)
      fputc(')', out);
    if (f->benchmark) {
      char sentence[HL_BENCHMARK_SENTENCE_SIZE];
      hl_emit_benchmark_sentence(sentence, sizeof sentence, f->benchmark);
      fputs(" [", out);
      hl_emit_put_text(out, sentence, strlen(sentence), 0);
      fputc(']', out);
    }
    fputc('\n', out);
  }
}

static void concise_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  if (emitter->settings.summary)
    hl_emit_summary_line(emitter->settings.out, summary);
}

const hl_emitter_ops hl_emit_concise_ops = {
    .file = concise_file,
    .end = concise_end,
};
