/* Suppression comments: parsing `# noqa` and `# hotlint: noqa`. */
#include "report/noqa.h"

#include <ctype.h>
#include <string.h>

static bool word_at(const char *text, size_t length, size_t at,
                    const char *word) {
  size_t n = strlen(word);
  if (at + n > length)
    return false;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)text[at + i]) != word[i])
      return false;
  return true;
}

/* Parses what follows "noqa" at text[at]: nothing, or ":" and codes. */
static hl_noqa parse_codes(const char *text, size_t length, size_t at) {
  hl_noqa noqa;
  memset(&noqa, 0, sizeof noqa);
  if (at < length && (isalnum((unsigned char)text[at]) || text[at] == '_'))
    return noqa; /* "noqaz" is not a directive */
  noqa.present = true;
  noqa.all = true;
  size_t i = at;
  while (i < length && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i >= length || text[i] != ':')
    return noqa;
  i++;
  for (;;) {
    while (i < length && (text[i] == ' ' || text[i] == '\t' || text[i] == ','))
      i++;
    size_t start = i;
    while (i < length && isupper((unsigned char)text[i]))
      i++;
    size_t letters = i - start;
    while (i < length && isdigit((unsigned char)text[i]))
      i++;
    if (!letters || i == start + letters ||
        (i < length && isalnum((unsigned char)text[i])))
      break;
    if (noqa.code_count < HL_NOQA_MAX_CODES) {
      noqa.codes[noqa.code_count].text = text + start;
      noqa.codes[noqa.code_count].length = i - start;
      noqa.code_count++;
    }
  }
  if (noqa.code_count)
    noqa.all = false;
  return noqa;
}

hl_noqa hl_noqa_parse_line(const char *comment, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (comment[i] != '#')
      continue;
    size_t k = i + 1;
    while (k < length && (comment[k] == ' ' || comment[k] == '\t'))
      k++;
    if (word_at(comment, length, k, "noqa")) {
      hl_noqa noqa = parse_codes(comment, length, k + 4);
      if (noqa.present)
        return noqa;
      /* "# noqaz": not a directive; a later "# noqa" may still be one */
    }
  }
  hl_noqa none;
  memset(&none, 0, sizeof none);
  return none;
}

hl_noqa hl_noqa_parse_file(const char *comment, size_t length) {
  hl_noqa none;
  memset(&none, 0, sizeof none);
  size_t k = 0;
  if (k >= length || comment[k] != '#')
    return none;
  k++;
  while (k < length && (comment[k] == ' ' || comment[k] == '\t'))
    k++;
  if (!word_at(comment, length, k, "hotlint:"))
    return none;
  k += 8;
  while (k < length && (comment[k] == ' ' || comment[k] == '\t'))
    k++;
  if (!word_at(comment, length, k, "noqa"))
    return none;
  return parse_codes(comment, length, k + 4);
}

bool hl_noqa_covers(const hl_noqa *noqa, const char *code) {
  if (!noqa->present)
    return false;
  if (noqa->all)
    return true;
  size_t code_length = strlen(code);
  for (size_t i = 0; i < noqa->code_count; i++)
    if (noqa->codes[i].length <= code_length &&
        !memcmp(noqa->codes[i].text, code, noqa->codes[i].length))
      return true;
  return false;
}
