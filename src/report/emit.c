/* The emitter interface: picks the implementation for an output format and
 * forwards to it; plus what every format shares — safe text output (control
 * characters and invalid UTF-8 made visible, never sent raw to a terminal),
 * ANSI styles and the closing summary line. */
#include "report/emit.h"

#include "base/alloc.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "report/emit_internal.h"
#include "source/text.h"

#include <stdint.h>
#include <string.h>

hl_emitter *hl_emitter_new(const hl_emit_settings *settings) {
  hl_emitter *emitter = hl_calloc(1, sizeof(*emitter));
  emitter->settings = *settings;
  if (settings->statistics)
    emitter->ops = &hl_emit_statistics_ops;
  else if (settings->format == HL_OUTPUT_CONCISE)
    emitter->ops = &hl_emit_concise_ops;
  else if (settings->format == HL_OUTPUT_JSON)
    emitter->ops = &hl_emit_json_ops;
  else if (settings->format == HL_OUTPUT_JSONL)
    emitter->ops = &hl_emit_jsonl_ops;
  else if (settings->format == HL_OUTPUT_SARIF)
    emitter->ops = &hl_emit_sarif_ops;
  else if (settings->format == HL_OUTPUT_GITHUB)
    emitter->ops = &hl_emit_github_ops;
  else if (settings->format == HL_OUTPUT_GITLAB)
    emitter->ops = &hl_emit_gitlab_ops;
  else if (settings->format == HL_OUTPUT_JUNIT)
    emitter->ops = &hl_emit_junit_ops;
  else
    emitter->ops = &hl_emit_full_ops;
  if (emitter->ops->create)
    emitter->ops->create(emitter);
  return emitter;
}

void hl_emitter_delete(hl_emitter *emitter) {
  if (!emitter)
    return;
  if (emitter->ops->destroy)
    emitter->ops->destroy(emitter);
  hl_free(emitter);
}

void hl_emitter_begin(hl_emitter *emitter) {
  if (emitter->ops->begin)
    emitter->ops->begin(emitter);
}

void hl_emitter_file(hl_emitter *emitter, const char *path, const char *source,
                     size_t length, const hotlint_finding *const *findings,
                     size_t count) {
  if (count > 0)
    emitter->ops->file(emitter, path, source, length, findings, count);
}

void hl_emitter_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  if (emitter->ops->end)
    emitter->ops->end(emitter, summary);
}

bool hl_output_format_parse(const char *name, hl_output_format *format) {
  static const struct {
    const char *name;
    hl_output_format format;
  } formats[] = {
      {"full", HL_OUTPUT_FULL},     {"concise", HL_OUTPUT_CONCISE},
      {"json", HL_OUTPUT_JSON},     {"jsonl", HL_OUTPUT_JSONL},
      {"sarif", HL_OUTPUT_SARIF},   {"github", HL_OUTPUT_GITHUB},
      {"gitlab", HL_OUTPUT_GITLAB}, {"junit", HL_OUTPUT_JUNIT},
  };
  for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
    if (strcmp(name, formats[i].name) == 0) {
      *format = formats[i].format;
      return true;
    }
  }
  return false;
}

/* ---- styles ---------------------------------------------------------------
 */

hl_emit_style hl_emit_style_get(bool color) {
  if (!color)
    return (hl_emit_style){"", "", "", "", "", "", "", ""};
  return (hl_emit_style){
      .bold = "\x1b[1m",
      .code = "\x1b[1;31m",
      .gutter = "\x1b[1;34m",
      .caret = "\x1b[1;31m",
      .hot = "\x1b[1;31m",
      .warm = "\x1b[1;33m",
      .cold = "\x1b[1;36m",
      .reset = "\x1b[0m",
  };
}

const char *hl_emit_hotness_style(const hl_emit_style *style,
                                  hotlint_hotness hotness) {
  switch (hotness) {
  case HOTLINT_HOT:
    return style->hot;
  case HOTLINT_WARM:
    return style->warm;
  case HOTLINT_COLD:
    break;
  }
  return style->cold;
}

/* ---- safe text ------------------------------------------------------------
 */

/* Decodes one strict UTF-8 sequence (no overlongs, no surrogates, at most
 * U+10FFFF). Returns its length, or 0 if s does not start with one. */
static size_t decode_utf8(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t need;
  uint32_t value, min;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
    value = c & 0x1Fu;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    value = c & 0x0Fu;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    value = c & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (len < need)
    return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    value = (value << 6) | (s[i] & 0x3Fu);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return 0;
  *cp = value;
  return need;
}

/* Renders text for display into out (when not NULL); returns the cells. */
static size_t render_text(const char *text, size_t len, unsigned tab_width,
                          hl_strbuf *out) {
  static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
  const unsigned char *s = (const unsigned char *)text;
  size_t cells = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp = 0;
    size_t n = decode_utf8(s + i, len - i, &cp);
    if (n == 0) {
      if (out)
        hl_strbuf_append(out, replacement, 3);
      cells++;
      i++;
      continue;
    }
    if (cp == '\t' && tab_width > 0) {
      if (out)
        for (unsigned t = 0; t < tab_width; t++)
          hl_strbuf_putc(out, ' ');
      cells += tab_width;
    } else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
      /* U+2400 + c, or U+2421 for DEL: E2 90 80+c / E2 90 A1 */
      if (out) {
        char picture[3] = {'\xE2', '\x90',
                           (char)(cp == 0x7F ? 0xA1 : 0x80 + cp)};
        hl_strbuf_append(out, picture, 3);
      }
      cells++;
    } else {
      if (out)
        hl_strbuf_append(out, text + i, n);
      cells++;
    }
    i += n;
  }
  return cells;
}

size_t hl_emit_put_text(FILE *out, const char *text, size_t len,
                        unsigned tab_width) {
  hl_strbuf buf = {0};
  size_t cells = render_text(text, len, tab_width, &buf);
  if (buf.len)
    fwrite(buf.data, 1, buf.len, out);
  hl_strbuf_free(&buf);
  return cells;
}

size_t hl_emit_text_width(const char *text, size_t len, unsigned tab_width) {
  return render_text(text, len, tab_width, NULL);
}

char *hl_emit_utf8_lossy(const char *text) {
  static const char replacement[] = "\xEF\xBF\xBD";
  const unsigned char *s = (const unsigned char *)text;
  size_t len = strlen(text);
  hl_strbuf buf = {0};
  hl_strbuf_append(&buf, "", 0);
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = decode_utf8(s + i, len - i, &cp);
    if (n == 0) {
      hl_strbuf_append(&buf, replacement, 3);
      i++;
    } else {
      hl_strbuf_append(&buf, text + i, n);
      i += n;
    }
  }
  return hl_strbuf_detach(&buf);
}

/* ---- summary --------------------------------------------------------------
 */

static void put_hotness_counts(FILE *out, const hl_emit_summary *summary) {
  static const hotlint_hotness order[] = {HOTLINT_HOT, HOTLINT_WARM,
                                          HOTLINT_COLD};
  const char *separator = "";
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    size_t n = summary->hotness_count[order[i]];
    if (n == 0)
      continue;
    fprintf(out, "%s%zu %s", separator, n, hotlint_hotness_name(order[i]));
    separator = ", ";
  }
}

void hl_emit_summary_line(FILE *out, const hl_emit_summary *summary) {
  if (summary->fixing && summary->fixed_count > 0) {
    /* ruff: "Found 3 errors (2 fixed, 1 remaining)." */
    size_t total = summary->fixed_count + summary->finding_count;
    fprintf(out, "Found %zu finding%s (%zu fixed, %zu remaining", total,
            total == 1 ? "" : "s", summary->fixed_count,
            summary->finding_count);
    if (summary->finding_count) {
      fputs(": ", out);
      put_hotness_counts(out, summary);
    }
    fputs(")", out);
  } else if (summary->finding_count == 0) {
    if (summary->error_count == 0 && summary->skipped_count == 0) {
      fputs("All checks passed!\n", out);
      return;
    }
    fputs("No findings", out);
  } else {
    fprintf(out, "Found %zu finding%s (", summary->finding_count,
            summary->finding_count == 1 ? "" : "s");
    put_hotness_counts(out, summary);
    fputs(")", out);
  }
  if (summary->error_count > 0)
    fprintf(out, "; %zu file%s could not be fully checked",
            summary->error_count, summary->error_count == 1 ? "" : "s");
  if (summary->skipped_count > 0)
    fprintf(out, "; %zu file%s skipped (max-file-size)",
            summary->skipped_count, summary->skipped_count == 1 ? "" : "s");
  fputs(".\n", out);
  if (summary->fixable_count || summary->hidden_fix_count) {
    if (summary->fixable_count)
      fprintf(out, "[*] %zu fixable with the `--fix` option",
              summary->fixable_count);
    else
      fputs("No fixes available", out);
    if (summary->hidden_fix_count)
      fprintf(out,
              " (%zu hidden fix%s can be enabled with the `--unsafe-fixes` "
              "option)",
              summary->hidden_fix_count,
              summary->hidden_fix_count == 1 ? "" : "es");
    fputs(".\n", out);
  }
}

void hl_emit_format_ns(char *out, size_t size, double ns) {
  if (ns < 1000)
    snprintf(out, size, "%.0f ns", ns);
  else if (ns < 1e6)
    snprintf(out, size, "%.2f \u00b5s", ns / 1e3);
  else
    snprintf(out, size, "%.2f ms", ns / 1e6);
}

void hl_emit_benchmark_sentence(char *out, size_t size,
                                const hotlint_benchmark *b) {
  if (b->verdict == HOTLINT_VERDICT_ERROR) {
    snprintf(out, size, "benchmark failed on %s: %s", b->python,
             b->error ? b->error : "unknown error");
    return;
  }
  char before[32], after[32], detail[160];
  hl_emit_format_ns(before, sizeof before, b->before_ns);
  hl_emit_format_ns(after, sizeof after, b->after_ns);
  double low = b->ci_low, high = b->ci_high;
  if (b->verdict == HOTLINT_VERDICT_REFUTED) {
    /* slower by the inverse ratio; the interval turns around with it */
    low = 1.0 / b->ci_high;
    high = 1.0 / b->ci_low;
  }
  snprintf(detail, sizeof detail,
           "95%% CI %.2f\u2013%.2f\u00d7; %s \u2192 %s per call at size %u",
           low, high, before, after, b->size);
  switch (b->verdict) {
  case HOTLINT_VERDICT_CONFIRMED:
    snprintf(out, size,
             "confirmed on %s: the suggested form is %.2f\u00d7 faster (%s)",
             b->python, b->speedup, detail);
    break;
  case HOTLINT_VERDICT_REFUTED:
    snprintf(out, size,
             "refuted on %s: the suggested form is %.2f\u00d7 slower (%s)",
             b->python, 1.0 / b->speedup, detail);
    break;
  default:
    snprintf(out, size,
             "no effect on %s: the suggested form runs at %.2f\u00d7 (%s)",
             b->python, b->speedup, detail);
    break;
  }
}

const char *hl_emit_relative_path(const hl_emitter *emitter, const char *path) {
  const char *cwd = emitter->settings.working_directory;
  while (path[0] == '.' && path[1] == '/')
    path += 2;
  if (!cwd || path[0] != '/')
    return path;
  size_t length = strlen(cwd);
  while (length > 1 && cwd[length - 1] == '/')
    length--;
  if (length == 1 && cwd[0] == '/')
    return path + 1;
  if (strncmp(path, cwd, length) == 0 && path[length] == '/')
    return path + length + 1;
  return path;
}

/* Appends text with the XML escapes; bytes that are not valid UTF-8, and
 * control characters XML does not allow, become U+FFFD. */
void hl_emit_xml_escaped(hl_strbuf *out, const char *text, size_t length) {
  const unsigned char *p = (const unsigned char *)text;
  size_t i = 0;
  while (i < length) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '&')
        hl_strbuf_puts(out, "&amp;");
      else if (c == '<')
        hl_strbuf_puts(out, "&lt;");
      else if (c == '>')
        hl_strbuf_puts(out, "&gt;");
      else if (c == '"')
        hl_strbuf_puts(out, "&quot;");
      else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        hl_strbuf_puts(out, "\xef\xbf\xbd");
      else if (c == 0x7f)
        hl_strbuf_puts(out, "\xef\xbf\xbd");
      else
        hl_strbuf_putc(out, (char)c);
      i++;
      continue;
    }
    size_t need = hl_utf8_sequence_length(p + i, length - i);
    bool ok = need > 0;
    if (ok) {
      hl_strbuf_append(out, text + i, need);
      i += need;
    } else {
      hl_strbuf_puts(out, "\xef\xbf\xbd");
      i++;
    }
  }
}

/* ---- fingerprints ----------------------------------------------------------
 */

struct hl_fingerprints {
  hl_hash128 *keys; /* open addressing; a zero key is an empty slot */
  uint32_t *counts;
  size_t capacity, used;
};

hl_fingerprints *hl_fingerprints_new(void) {
  return hl_calloc(1, sizeof(hl_fingerprints));
}

void hl_fingerprints_delete(hl_fingerprints *set) {
  if (!set)
    return;
  hl_free(set->keys);
  hl_free(set->counts);
  hl_free(set);
}

/* How many times `key` was seen before, counting this time. */
static uint32_t seen_before(hl_fingerprints *set, hl_hash128 key) {
  if (key.low == 0 && key.high == 0)
    key.low = 1;
  if ((set->used + 1) * 2 > set->capacity) {
    size_t capacity = set->capacity ? set->capacity * 2 : 64;
    hl_hash128 *keys = hl_calloc(capacity, sizeof(hl_hash128));
    uint32_t *counts = hl_calloc(capacity, sizeof(uint32_t));
    for (size_t i = 0; i < set->capacity; i++) {
      if (!set->keys[i].low && !set->keys[i].high)
        continue;
      size_t slot = set->keys[i].low & (capacity - 1);
      while (keys[slot].low || keys[slot].high)
        slot = (slot + 1) & (capacity - 1);
      keys[slot] = set->keys[i];
      counts[slot] = set->counts[i];
    }
    hl_free(set->keys);
    hl_free(set->counts);
    set->keys = keys;
    set->counts = counts;
    set->capacity = capacity;
  }
  size_t slot = key.low & (set->capacity - 1);
  while (set->keys[slot].low || set->keys[slot].high) {
    if (set->keys[slot].low == key.low && set->keys[slot].high == key.high)
      return set->counts[slot]++;
    slot = (slot + 1) & (set->capacity - 1);
  }
  set->keys[slot] = key;
  set->counts[slot] = 1;
  set->used++;
  return 0;
}

/* text[start..end) without leading and trailing blanks */
static void trimmed(const char *text, size_t start, size_t end,
                    const char **out, size_t *length) {
  while (start < end && (text[start] == ' ' || text[start] == '\t' ||
                         text[start] == '\r' || text[start] == '\n'))
    start++;
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
                         text[end - 1] == '\r' || text[end - 1] == '\n'))
    end--;
  *out = text + start;
  *length = end - start;
}

void hl_emit_fingerprint(hl_fingerprints *set, const char *path,
                         const char *source, size_t length,
                         const hotlint_finding *f, char out[33]) {
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0x686f746c696e74ULL);
  hl_hasher_feed_string(&hasher, f->code);
  hl_hasher_feed_string(&hasher, path);
  if (source) {
    size_t start = f->start.byte < length ? f->start.byte : length;
    size_t end = f->end.byte < length ? f->end.byte : length;
    if (end < start)
      end = start;
    size_t line_start =
        start - (f->start.line_byte <= start ? f->start.line_byte : start);
    size_t line_end = start;
    while (line_end < length && source[line_end] != '\n')
      line_end++;
    const char *text;
    size_t text_length;
    trimmed(source, line_start, line_end, &text, &text_length);
    hl_hasher_feed_u64(&hasher, text_length);
    hl_hasher_feed(&hasher, text, text_length);
    trimmed(source, start, end, &text, &text_length);
    hl_hasher_feed_u64(&hasher, text_length);
    hl_hasher_feed(&hasher, text, text_length);
  }
  hl_hash128 base = hl_hasher_finish(&hasher);
  uint32_t occurrence = seen_before(set, base);
  hl_hasher_feed_u64(&hasher, occurrence);
  hl_hash128_hex(hl_hasher_finish(&hasher), out);
}

json_t *hl_emit_json_string(const char *text) {
  if (!text)
    return json_null();
  json_t *value = json_string(text);
  if (value)
    return value;
  char *lossy = hl_emit_utf8_lossy(text);
  value = json_string(lossy);
  hl_free(lossy);
  return value ? value : json_null();
}
