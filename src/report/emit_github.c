/* The `github` output format: GitHub Actions workflow commands, one per
 * finding, which the runner turns into annotations on the pull request:
 *   ::warning file=app.py,line=4,col=9,endLine=4,endColumn=26,title=hotlint
 *   HOT201 (string-concat-in-loop)::`text` is grown ... [hot: inside ...]
 * (one line). The level follows the severity (error, warning, else
 * notice); paths are relative to the working directory. Properties and the
 * message are escaped as GitHub's toolkit does (`%`, CR and LF in both;
 * `:` and `,` too in properties), so no text can end a command early or
 * start another. No summary line: everything on stdout is a command. */
#include "report/emit_internal.h"

#include "base/strbuf.h"

#include <string.h>

static void put_escaped(hl_strbuf *out, const char *text, bool property) {
  for (const char *p = text; *p; p++) {
    switch (*p) {
    case '%':
      hl_strbuf_puts(out, "%25");
      break;
    case '\r':
      hl_strbuf_puts(out, "%0D");
      break;
    case '\n':
      hl_strbuf_puts(out, "%0A");
      break;
    case ':':
      hl_strbuf_puts(out, property ? "%3A" : ":");
      break;
    case ',':
      hl_strbuf_puts(out, property ? "%2C" : ",");
      break;
    default:
      hl_strbuf_putc(out, *p);
    }
  }
}

static const char *command_of(hotlint_severity severity) {
  switch (severity) {
  case HOTLINT_SEVERITY_ERROR:
    return "error";
  case HOTLINT_SEVERITY_WARNING:
    return "warning";
  default:
    return "notice";
  }
}

static void github_file(hl_emitter *emitter, const char *path,
                        const char *source, size_t length,
                        const hotlint_finding *const *findings, size_t count) {
  (void)source;
  (void)length;
  const char *relative = hl_emit_relative_path(emitter, path);
  hl_strbuf line = {0}, text = {0};
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    hl_strbuf_clear(&line);
    hl_strbuf_printf(&line, "::%s file=", command_of(f->severity));
    put_escaped(&line, relative, true);
    hl_strbuf_printf(
        &line, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", f->start.line,
        f->start.column, f->end.line, f->end.column);
    hl_strbuf_clear(&text);
    hl_strbuf_printf(&text, "hotlint %s (%s)", f->code, f->name);
    put_escaped(&line, hl_strbuf_cstr(&text), true);
    hl_strbuf_puts(&line, "::");
    hl_strbuf_clear(&text);
    hl_strbuf_printf(&text, "%s [%s", f->message,
                     hotlint_hotness_name(f->hotness));
    for (size_t r = 0; r < f->reason_count; r++)
      hl_strbuf_printf(&text, "%s%s", r ? "; " : ": ", f->reasons[r]);
    hl_strbuf_puts(&text, "]");
    if (f->benchmark) {
      char sentence[HL_BENCHMARK_SENTENCE_SIZE];
      hl_emit_benchmark_sentence(sentence, sizeof sentence, f->benchmark);
      hl_strbuf_printf(&text, " [%s]", sentence);
    }
    put_escaped(&line, hl_strbuf_cstr(&text), false);
    hl_strbuf_putc(&line, '\n');
    /* bytes as they are: the runner reads UTF-8, and the escapes keep
       every control that matters out */
    fwrite(hl_strbuf_cstr(&line), 1, line.len, emitter->settings.out);
  }
  hl_strbuf_free(&line);
  hl_strbuf_free(&text);
}

const hl_emitter_ops hl_emit_github_ops = {
    .file = github_file,
};
