/* Suppression comments: `# noqa`, `# noqa: HOT101, HOT201` on a line, and
 * the file-level `# hotlint: noqa` (optionally with codes). Parses comment
 * text only; deciding which comment covers which finding is the engine's. */
#ifndef HOTLINT_REPORT_NOQA_H
#define HOTLINT_REPORT_NOQA_H

#include <stdbool.h>
#include <stddef.h>

enum { HL_NOQA_MAX_CODES = 16 };

typedef struct hl_noqa {
  bool present; /* a directive was found */
  bool all;     /* no codes: suppresses everything */
  size_t code_count;
  struct {
    const char *text; /* points into the comment */
    size_t length;
  } codes[HL_NOQA_MAX_CODES];
} hl_noqa;

/* Parses a line directive (`# noqa`, `#noqa:HOT101,HOT2`) anywhere in a
 * comment's text. */
hl_noqa hl_noqa_parse_line(const char *comment, size_t length);
/* Parses a file directive (`# hotlint: noqa`, `# hotlint: noqa: HOT101`). */
hl_noqa hl_noqa_parse_file(const char *comment, size_t length);
/* True if the directive suppresses `code` ("HOT101"): a listed code or a
 * listed prefix of it ("HOT1"). */
bool hl_noqa_covers(const hl_noqa *noqa, const char *code);

#endif
