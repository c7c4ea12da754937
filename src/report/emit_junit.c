/* The `junit` output format: a JUnit XML report, as CI systems read test
 * results. One <testsuite> per file with findings, one <testcase> per
 * finding that <failure>s with the rule and message; when there are no
 * findings, one empty suite, so the report is never empty:
 *   <testsuites name="hotlint" tests="3" failures="3" errors="0">
 *     <testsuite name="app.py" tests="3" failures="3" errors="0">
 *       <testcase name="HOT201 at 4:9" classname="app.py" file="app.py"
 *                 line="4">
 *         <failure type="HOT201" message="...">app.py:4:9: ...</failure>
 * The totals come first in the document, so it is built in memory and
 * written at the end. Text is escaped for XML (hl_emit_xml_escaped). */
#include "report/emit_internal.h"

#include "base/alloc.h"

#include <string.h>

typedef struct junit_state {
  hl_strbuf suites;
  size_t findings;
} junit_state;

static void junit_create(hl_emitter *emitter) {
  emitter->state = hl_calloc(1, sizeof(junit_state));
}

static void junit_destroy(hl_emitter *emitter) {
  junit_state *state = emitter->state;
  hl_strbuf_free(&state->suites);
  hl_free(state);
}

static void put(hl_strbuf *out, const char *text) {
  hl_emit_xml_escaped(out, text, strlen(text));
}

static void junit_file(hl_emitter *emitter, const char *path,
                       const char *source, size_t length,
                       const hotlint_finding *const *findings, size_t count) {
  (void)source;
  (void)length;
  junit_state *state = emitter->state;
  hl_strbuf *out = &state->suites;
  const char *relative = hl_emit_relative_path(emitter, path);
  hl_strbuf_puts(out, "  <testsuite name=\"");
  put(out, relative);
  hl_strbuf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
                   count, count);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    hl_strbuf_printf(out, "    <testcase name=\"%s at %u:%u\" classname=\"",
                     f->code, f->start.line, f->start.column);
    put(out, relative);
    hl_strbuf_puts(out, "\" file=\"");
    put(out, relative);
    hl_strbuf_printf(out,
                     "\" line=\"%u\">\n      <failure type=\"%s\" "
                     "message=\"",
                     f->start.line, f->code);
    put(out, f->message);
    hl_strbuf_puts(out, "\">");
    put(out, relative);
    hl_strbuf_printf(out, ":%u:%u: %s (%s) [%s] ", f->start.line,
                     f->start.column, f->code, f->name,
                     hotlint_severity_name(f->severity));
    put(out, f->message);
    hl_strbuf_printf(out, "\nhotness: %s", hotlint_hotness_name(f->hotness));
    for (size_t r = 0; r < f->reason_count; r++) {
      hl_strbuf_puts(out, r ? "; " : ": ");
      put(out, f->reasons[r]);
    }
    if (f->benchmark) {
      char sentence[HL_BENCHMARK_SENTENCE_SIZE];
      hl_emit_benchmark_sentence(sentence, sizeof sentence, f->benchmark);
      hl_strbuf_puts(out, "\nbenchmark: ");
      put(out, sentence);
    }
    if (f->url) {
      hl_strbuf_puts(out, "\nrule: ");
      put(out, f->url);
    }
    hl_strbuf_puts(out, "</failure>\n    </testcase>\n");
  }
  hl_strbuf_puts(out, "  </testsuite>\n");
  state->findings += count;
}

static void junit_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  (void)summary;
  junit_state *state = emitter->state;
  FILE *out = emitter->settings.out;
  fprintf(out,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"hotlint\" tests=\"%zu\" failures=\"%zu\" "
          "errors=\"0\">\n",
          state->findings, state->findings);
  if (state->findings == 0)
    fputs("  <testsuite name=\"hotlint\" tests=\"0\" failures=\"0\" "
          "errors=\"0\"/>\n",
          out);
  else
    fwrite(hl_strbuf_cstr(&state->suites), 1, state->suites.len, out);
  fputs("</testsuites>\n", out);
}

const hl_emitter_ops hl_emit_junit_ops = {
    .create = junit_create,
    .file = junit_file,
    .end = junit_end,
    .destroy = junit_destroy,
};
