/* Fuzz target: documents edited range by range. The input is a text, a
 * 0xFF byte, then edits (3 bytes: where, how much to remove, how many of
 * the following bytes to insert, then those bytes). After each edit the
 * incremental check (the edited tree, re-parsed) must give exactly what a
 * fresh check of the same text gives; otherwise the target aborts. */
#include "fuzz_common.h"

#include "base/strbuf.h"

#include <stdio.h>
#include <string.h>

static void describe(const hotlint_result *result, hl_strbuf *out) {
  for (size_t i = 0; i < hotlint_result_count(result); i++) {
    const hotlint_finding *f = hotlint_result_finding(result, i);
    hl_strbuf_printf(out, "%s %u:%u-%u:%u %s\n", f->code, f->start.line,
                     f->start.column, f->end.line, f->end.column, f->message);
  }
  for (size_t i = 0; i < hotlint_result_problem_count(result); i++) {
    const hotlint_problem *p = hotlint_result_problem(result, i);
    hl_strbuf_printf(out, "problem %u:%u %s\n", p->start.line,
                     p->start.column, p->message);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *split = memchr(data, 0xFF, size);
  size_t text_length = split ? (size_t)(split - data) : size;
  hotlint_checker *checker = hotlint_checker_new(fuzz_engine());
  hotlint_document *document =
      hotlint_document_new((const char *)data, text_length);
  hotlint_result_delete(
      hotlint_check_document(checker, document, "fuzz.py", NULL));
  size_t i = split ? text_length + 1 : size;
  for (int edits = 0; i + 3 <= size && edits < 16; edits++) {
    size_t length;
    hotlint_document_text(document, &length);
    size_t start = length ? data[i] % (length + 1) : 0;
    size_t end = start + data[i + 1] % 8;
    if (end > length)
      end = length;
    size_t insert = data[i + 2] % 16;
    i += 3;
    if (insert > size - i)
      insert = size - i;
    if (!hotlint_document_edit(document, start, end, (const char *)data + i,
                               insert))
      abort();
    i += insert;
    hotlint_result *incremental =
        hotlint_check_document(checker, document, "fuzz.py", NULL);
    const char *text = hotlint_document_text(document, &length);
    hotlint_result *fresh = hotlint_check(checker, "fuzz.py", text, length, NULL);
    hl_strbuf a = {0}, b = {0};
    describe(incremental, &a);
    describe(fresh, &b);
    if (strcmp(hl_strbuf_cstr(&a), hl_strbuf_cstr(&b)) != 0) {
      fprintf(stderr, "incremental:\n%s\nfresh:\n%s\n", hl_strbuf_cstr(&a),
              hl_strbuf_cstr(&b));
      abort();
    }
    hl_strbuf_free(&a);
    hl_strbuf_free(&b);
    hotlint_result_delete(incremental);
    hotlint_result_delete(fresh);
  }
  hotlint_document_delete(document);
  hotlint_checker_delete(checker);
  return 0;
}
