/* Fixes (report/fix.h): one pass of applying the findings' fixes to a
 * file's text, with the overlap and re-parse rules ruff follows, and the
 * unified diff of the change (Myers' O(ND) line diff after trimming the
 * common head and tail, hunks with three lines of context). */
#include "report/fix.h"

#include "base/alloc.h"
#include "base/array.h"

#include <stdlib.h>
#include <string.h>

bool hl_fix_applies(const hotlint_fix *fix, bool unsafe) {
  return fix && fix->edit_count > 0 &&
         (fix->applicability == HOTLINT_FIX_SAFE || unsafe);
}

void hl_fix_dropped_free(hl_fix_dropped *dropped) {
  for (size_t i = 0; i < dropped->count; i++)
    hl_free(dropped->codes[i]);
  hl_free(dropped->codes);
  dropped->codes = NULL;
  dropped->count = 0;
}

static void add_dropped(hl_fix_dropped *dropped, const char *code) {
  for (size_t i = 0; i < dropped->count; i++)
    if (!strcmp(dropped->codes[i], code))
      return;
  dropped->codes =
      hl_realloc(dropped->codes, sizeof(char *) * (dropped->count + 1));
  dropped->codes[dropped->count++] = hl_strdup(code);
}

/* ---- Applying ----------------------------------------------------------- */

typedef struct taken_edit {
  uint32_t start, end;
  const char *content;
  size_t fix; /* which accepted fix it belongs to, in order of acceptance */
} taken_edit;

typedef HL_ARRAY(taken_edit) edit_list;

static bool edits_conflict(uint32_t s1, uint32_t e1, uint32_t s2, uint32_t e2) {
  return s1 == s2 || (s1 < e2 && s2 < e1);
}

static bool conflicts(const edit_list *taken, const hotlint_fix *fix) {
  for (size_t i = 0; i < fix->edit_count; i++)
    for (size_t k = 0; k < taken->count; k++)
      if (edits_conflict(fix->edits[i].start.byte, fix->edits[i].end.byte,
                         taken->items[k].start, taken->items[k].end))
        return true;
  return false;
}

static int compare_taken(const void *a, const void *b) {
  const taken_edit *left = a, *right = b;
  return left->start < right->start ? -1 : left->start > right->start;
}

/* Writes source with `edits` (sorted, not overlapping; only those of fixes
 * below `fix_limit`) applied. */
static void build_text(hl_strbuf *out, const char *source, size_t length,
                       const edit_list *edits, size_t fix_limit) {
  hl_strbuf_clear(out);
  size_t cursor = 0;
  for (size_t i = 0; i < edits->count; i++) {
    const taken_edit *edit = &edits->items[i];
    if (edit->fix >= fix_limit)
      continue;
    hl_strbuf_append(out, source + cursor, edit->start - cursor);
    hl_strbuf_puts(out, edit->content);
    cursor = edit->end;
  }
  hl_strbuf_append(out, source + cursor, length - cursor);
}

static bool parses(hotlint_checker *checker, const hl_strbuf *text) {
  return hotlint_parse_only(checker, hl_strbuf_cstr(text), text->len) == 0;
}

static void push_fix(edit_list *list, const hotlint_fix *fix, size_t index) {
  for (size_t i = 0; i < fix->edit_count; i++) {
    taken_edit edit = {fix->edits[i].start.byte, fix->edits[i].end.byte,
                       fix->edits[i].content, index};
    hl_array_push(list, edit);
  }
}

typedef struct fix_order {
  const hotlint_finding *finding;
  size_t rank;
} fix_order;

static int compare_order(const void *a, const void *b) {
  const fix_order *left = a, *right = b;
  uint32_t l = left->finding->fix->edits[0].start.byte;
  uint32_t r = right->finding->fix->edits[0].start.byte;
  if (l != r)
    return l < r ? -1 : 1;
  return left->rank < right->rank ? -1 : left->rank > right->rank;
}

size_t hl_fix_apply(hotlint_checker *checker, const char *source, size_t length,
                    const hotlint_result *result, bool unsafe,
                    bool source_parses, hl_strbuf *out,
                    hl_fix_dropped *dropped) {
  hl_strbuf_clear(out);
  HL_ARRAY(fix_order) order = {0};
  for (size_t i = 0; i < hotlint_result_count(result); i++) {
    const hotlint_finding *finding = hotlint_result_finding(result, i);
    if (hl_fix_applies(finding->fix, unsafe)) {
      fix_order item = {finding, i};
      hl_array_push(&order, item);
    }
  }
  if (order.count > 1)
    qsort(order.items, order.count, sizeof(fix_order), compare_order);

  edit_list taken = {0};
  /* each fix is tried alone by parsing only the top-level statements it
   * touches: a parse of the whole file per fix made --fix quadratic (600
   * fixes in a 60 kB file took 4 s, 2 400 in 240 kB over a minute) */
  hotlint_document *base = NULL;
  if (source_parses) {
    base = hotlint_document_new(source, length);
    hotlint_document_parse_only(checker, base);
  }
  size_t accepted = 0;
  for (size_t i = 0; i < order.count; i++) {
    const hotlint_finding *finding = order.items[i].finding;
    const hotlint_fix *fix = finding->fix;
    if (conflicts(&taken, fix))
      continue; /* a later pass, on the fixed text, gets it */
    if (base && !hotlint_document_edits_parse(checker, base, fix->edits,
                                              fix->edit_count)) {
      add_dropped(dropped, finding->code);
      continue;
    }
    push_fix(&taken, fix, accepted++);
  }
  hotlint_document_delete(base);
  if (taken.count > 1)
    qsort(taken.items, taken.count, sizeof(taken_edit), compare_taken);
  if (accepted) {
    build_text(out, source, length, &taken, accepted);
    /* Each fix parses alone; should two together not, keep the first. */
    if (source_parses && accepted > 1 && !parses(checker, out)) {
      accepted = 1;
      build_text(out, source, length, &taken, 1);
    }
  }
  hl_array_free(&taken);
  hl_array_free(&order);
  return accepted;
}

/* ---- Unified diff ------------------------------------------------------- */

typedef struct line_ref {
  const char *text;
  size_t length; /* with its newline, if any */
} line_ref;

typedef HL_ARRAY(line_ref) line_list;

static void split_lines(const char *text, size_t length, line_list *lines) {
  size_t start = 0;
  for (size_t i = 0; i < length; i++)
    if (text[i] == '\n') {
      line_ref line = {text + start, i + 1 - start};
      hl_array_push(lines, line);
      start = i + 1;
    }
  if (start < length) {
    line_ref line = {text + start, length - start};
    hl_array_push(lines, line);
  }
}

static bool same_line(const line_ref *a, const line_ref *b) {
  return a->length == b->length && !memcmp(a->text, b->text, a->length);
}

typedef struct diff_op {
  char kind;  /* ' ', '-', '+' */
  size_t old; /* index into the old lines (' ' and '-') */
  size_t new_;
} diff_op;

typedef HL_ARRAY(diff_op) op_list;

/* Myers' greedy diff of a[0..n) and b[0..m); appends the ops in order. */
static void myers(const line_ref *a, size_t n, const line_ref *b, size_t m,
                  size_t old_base, size_t new_base, op_list *ops) {
  size_t max = n + m;
  long offset = (long)max + 1;
  long *v = hl_calloc(2 * max + 3, sizeof(long));
  HL_ARRAY(long *) trace = {0};
  size_t found = 0;
  for (size_t d = 0; d <= max; d++) {
    bool done = false;
    for (long k = -(long)d; k <= (long)d; k += 2) {
      long x;
      if (k == -(long)d ||
          (k != (long)d && v[offset + k - 1] < v[offset + k + 1]))
        x = v[offset + k + 1];
      else
        x = v[offset + k - 1] + 1;
      long y = x - k;
      while ((size_t)x < n && (size_t)y < m && same_line(&a[x], &b[y]))
        x++, y++;
      v[offset + k] = x;
      if ((size_t)x >= n && (size_t)y >= m)
        done = true;
    }
    long *copy = hl_malloc(sizeof(long) * (2 * d + 1));
    for (long k = -(long)d; k <= (long)d; k++)
      copy[k + (long)d] = v[offset + k];
    hl_array_push(&trace, copy);
    if (done) {
      found = d;
      break;
    }
  }
  /* Walk back from (n, m), collecting ops in reverse. */
  op_list reversed = {0};
  long x = (long)n, y = (long)m;
  for (size_t d = found; d > 0; d--) {
    const long *previous = trace.items[d - 1];
    long pd = (long)d - 1;
    long k = x - y;
    long previous_k;
    if (k == -(long)d ||
        (k != (long)d && previous[k - 1 + pd] < previous[k + 1 + pd]))
      previous_k = k + 1;
    else
      previous_k = k - 1;
    long previous_x = previous[previous_k + pd];
    long previous_y = previous_x - previous_k;
    while (x > previous_x && y > previous_y) {
      x--, y--;
      diff_op op = {' ', old_base + (size_t)x, new_base + (size_t)y};
      hl_array_push(&reversed, op);
    }
    if (x == previous_x) {
      y--;
      diff_op op = {'+', old_base + (size_t)x, new_base + (size_t)y};
      hl_array_push(&reversed, op);
    } else {
      x--;
      diff_op op = {'-', old_base + (size_t)x, new_base + (size_t)y};
      hl_array_push(&reversed, op);
    }
  }
  while (x > 0 && y > 0) {
    x--, y--;
    diff_op op = {' ', old_base + (size_t)x, new_base + (size_t)y};
    hl_array_push(&reversed, op);
  }
  for (size_t i = reversed.count; i-- > 0;)
    hl_array_push(ops, reversed.items[i]);
  hl_array_free(&reversed);
  for (size_t i = 0; i < trace.count; i++)
    hl_free(trace.items[i]);
  hl_array_free(&trace);
  hl_free(v);
}

enum { CONTEXT = 3 };

static void put_line(hl_strbuf *out, char kind, const line_ref *line) {
  hl_strbuf_putc(out, kind);
  hl_strbuf_append(out, line->text, line->length);
  if (!line->length || line->text[line->length - 1] != '\n')
    hl_strbuf_puts(out, "\n\\ No newline at end of file\n");
}

static void put_range(hl_strbuf *out, size_t before, size_t count) {
  size_t start = count ? before + 1 : before;
  if (count == 1)
    hl_strbuf_printf(out, "%zu", start);
  else
    hl_strbuf_printf(out, "%zu,%zu", start, count);
}

void hl_fix_diff(hl_strbuf *out, const char *path, const char *before,
                 size_t before_length, const char *after, size_t after_length) {
  if (before_length == after_length && !memcmp(before, after, before_length))
    return;
  line_list a = {0}, b = {0};
  split_lines(before, before_length, &a);
  split_lines(after, after_length, &b);
  size_t head = 0;
  while (head < a.count && head < b.count &&
         same_line(&a.items[head], &b.items[head]))
    head++;
  size_t tail = 0;
  while (tail < a.count - head && tail < b.count - head &&
         same_line(&a.items[a.count - 1 - tail], &b.items[b.count - 1 - tail]))
    tail++;
  op_list ops = {0};
  for (size_t i = 0; i < head; i++) {
    diff_op op = {' ', i, i};
    hl_array_push(&ops, op);
  }
  myers(a.items + head, a.count - head - tail, b.items + head,
        b.count - head - tail, head, head, &ops);
  for (size_t i = 0; i < tail; i++) {
    diff_op op = {' ', a.count - tail + i, b.count - tail + i};
    hl_array_push(&ops, op);
  }

  hl_strbuf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
  size_t i = 0;
  while (i < ops.count) {
    if (ops.items[i].kind == ' ') {
      i++;
      continue;
    }
    size_t first = i >= CONTEXT ? i - CONTEXT : 0;
    size_t last_change = i;
    size_t j = i;
    while (j < ops.count) {
      if (ops.items[j].kind != ' ')
        last_change = j;
      else if (j - last_change > 2 * CONTEXT)
        break;
      j++;
    }
    size_t end = last_change + 1 + CONTEXT;
    if (end > ops.count)
      end = ops.count;
    size_t old_count = 0, new_count = 0;
    for (size_t k = first; k < end; k++) {
      old_count += ops.items[k].kind != '+';
      new_count += ops.items[k].kind != '-';
    }
    hl_strbuf_puts(out, "@@ -");
    put_range(out, ops.items[first].old, old_count);
    hl_strbuf_puts(out, " +");
    put_range(out, ops.items[first].new_, new_count);
    hl_strbuf_puts(out, " @@\n");
    for (size_t k = first; k < end; k++) {
      const diff_op *op = &ops.items[k];
      put_line(out, op->kind,
               op->kind == '+' ? &b.items[op->new_] : &a.items[op->old]);
    }
    i = end;
  }
  hl_array_free(&ops);
  hl_array_free(&a);
  hl_array_free(&b);
}
