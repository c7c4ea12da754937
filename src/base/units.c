/* Sizes and durations written by people. See units.h. */
#include "base/units.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *skip_spaces(const char *p) {
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

bool hl_parse_size(const char *text, uint64_t *bytes) {
  const char *p = skip_spaces(text);
  if (!isdigit((unsigned char)*p))
    return false;
  uint64_t number = 0;
  for (; isdigit((unsigned char)*p); p++) {
    unsigned digit = (unsigned)(*p - '0');
    if (number > (UINT64_MAX - digit) / 10)
      return false;
    number = number * 10 + digit;
  }
  p = skip_spaces(p);
  static const struct {
    const char *name;
    uint64_t factor;
  } units[] = {
      {"", 1},
      {"b", 1},
      {"kb", 1000},
      {"mb", 1000 * 1000},
      {"gb", 1000 * 1000 * 1000},
      {"kib", 1024},
      {"mib", 1024 * 1024},
      {"gib", 1024 * 1024 * 1024},
  };
  size_t length = 0;
  while (isalpha((unsigned char)p[length]))
    length++;
  if (*skip_spaces(p + length))
    return false; /* something after the unit */
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strlen(units[i].name) != length ||
        strncasecmp(p, units[i].name, length) != 0)
      continue;
    if (number > UINT64_MAX / units[i].factor)
      return false;
    *bytes = number * units[i].factor;
    return true;
  }
  return false;
}

bool hl_parse_duration_ms(const char *text, unsigned *milliseconds) {
  const char *p = skip_spaces(text);
  if (!isdigit((unsigned char)*p))
    return false;
  /* whole and fractional parts in micro-units, without floating point */
  uint64_t whole = 0, fraction = 0, scale = 1;
  for (; isdigit((unsigned char)*p); p++) {
    whole = whole * 10 + (uint64_t)(*p - '0');
    if (whole > 24u * 3600u * 1000u)
      return false;
  }
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p))
      return false;
    for (; isdigit((unsigned char)*p); p++)
      if (scale < 1000000) { /* digits past a millionth are ignored */
        fraction = fraction * 10 + (uint64_t)(*p - '0');
        scale *= 10;
      }
  }
  p = skip_spaces(p);
  size_t length = 0;
  while (isalpha((unsigned char)p[length]))
    length++;
  if (*skip_spaces(p + length))
    return false;    /* something after the unit */
  uint64_t per_unit; /* milliseconds in one unit */
  if (length == 0 || (length == 1 && tolower((unsigned char)*p) == 's'))
    per_unit = 1000;
  else if (length == 2 && !strncasecmp(p, "ms", 2))
    per_unit = 1;
  else
    return false;
  uint64_t total = whole * per_unit;
  uint64_t part = fraction * per_unit;
  total += part / scale + (part % scale != 0); /* round up */
  if (total > 24u * 3600u * 1000u)
    return false;
  *milliseconds = (unsigned)total;
  return true;
}

const char *hl_format_size(uint64_t bytes, char *out, size_t size) {
  static const char *const names[] = {"B", "KB", "MB", "GB", "TB"};
  unsigned unit = 0;
  uint64_t scale = 1;
  while (unit + 1 < sizeof names / sizeof names[0] && bytes >= scale * 1000) {
    scale *= 1000;
    unit++;
  }
  uint64_t tenths = (bytes * 10 + scale / 2) / scale; /* rounded */
  if (unit == 0 || tenths % 10 == 0 || tenths >= 1000)
    snprintf(out, size, "%llu %s", (unsigned long long)((tenths + 5) / 10),
             names[unit]);
  else
    snprintf(out, size, "%llu.%llu %s", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10), names[unit]);
  return out;
}
