/* Results as bytes (hotlint_result_encode / hotlint_result_decode): a
 * versioned little-endian encoding of every field of every finding and
 * problem, and a decoder that checks every length and count against the
 * bytes it has, so a truncated or corrupt buffer gives NULL, never a
 * result that points outside it. */
#include "hotlint/hotlint.h"

#include "base/alloc.h"
#include "base/strbuf.h"
#include "rules/result.h"

#include <string.h>

static const char MAGIC[4] = {'H', 'L', 'R', '2'};
enum { NO_STRING = 0xFFFFFFFFu };

/* ---- Encoding ----------------------------------------------------------- */

static void put_u32(hl_strbuf *out, uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; i++)
    bytes[i] = (char)(value >> (8 * i));
  hl_strbuf_append(out, bytes, 4);
}

static void put_u8(hl_strbuf *out, unsigned value) {
  hl_strbuf_putc(out, (char)value);
}

static void put_string(hl_strbuf *out, const char *text) {
  if (!text) {
    put_u32(out, NO_STRING);
    return;
  }
  size_t length = strlen(text);
  put_u32(out, (uint32_t)length);
  hl_strbuf_append(out, text, length);
}

static void put_position(hl_strbuf *out, hotlint_position position) {
  put_u32(out, position.byte);
  put_u32(out, position.line);
  put_u32(out, position.column);
  put_u32(out, position.line_byte);
}

static void put_finding(hl_strbuf *out, const hotlint_finding *finding) {
  put_string(out, finding->code);
  put_string(out, finding->name);
  put_string(out, finding->message);
  put_string(out, finding->url);
  put_u8(out, (unsigned)finding->severity);
  put_position(out, finding->start);
  put_position(out, finding->end);
  put_u8(out, (unsigned)finding->hotness);
  put_u32(out, (uint32_t)finding->reason_count);
  for (size_t i = 0; i < finding->reason_count; i++)
    put_string(out, finding->reasons[i]);
  put_u32(out, (uint32_t)finding->related_count);
  for (size_t i = 0; i < finding->related_count; i++) {
    put_string(out, finding->related[i].message);
    put_position(out, finding->related[i].start);
    put_position(out, finding->related[i].end);
  }
  put_u32(out, (uint32_t)finding->capture_count);
  for (size_t i = 0; i < finding->capture_count; i++) {
    put_string(out, finding->captures[i].name);
    put_string(out, finding->captures[i].text);
  }
  put_u8(out, finding->fix != NULL);
  if (finding->fix) {
    const hotlint_fix *fix = finding->fix;
    put_string(out, fix->message);
    put_u8(out, (unsigned)fix->applicability);
    put_u32(out, (uint32_t)fix->edit_count);
    for (size_t i = 0; i < fix->edit_count; i++) {
      put_position(out, fix->edits[i].start);
      put_position(out, fix->edits[i].end);
      put_string(out, fix->edits[i].content);
    }
  }
}

char *hotlint_result_encode(const hotlint_result *result, size_t *length) {
  hl_strbuf out = {0};
  hl_strbuf_append(&out, MAGIC, sizeof MAGIC);
  put_u32(&out, (uint32_t)result->findings.count);
  put_u32(&out, (uint32_t)result->problems.count);
  put_u32(&out, (uint32_t)result->suppressed);
  for (size_t i = 0; i < result->findings.count; i++)
    put_finding(&out, &result->findings.items[i]);
  for (size_t i = 0; i < result->problems.count; i++) {
    put_string(&out, result->problems.items[i].message);
    put_position(&out, result->problems.items[i].start);
  }
  *length = out.len;
  return hl_strbuf_detach(&out);
}

/* ---- Decoding ----------------------------------------------------------- */

typedef struct reader {
  const unsigned char *at;
  const unsigned char *end;
  bool failed;
  hl_arena *arena;
} reader;

static bool need(reader *r, size_t bytes) {
  if (r->failed || (size_t)(r->end - r->at) < bytes)
    r->failed = true;
  return !r->failed;
}

static uint32_t get_u32(reader *r) {
  if (!need(r, 4))
    return 0;
  uint32_t value = 0;
  for (int i = 3; i >= 0; i--)
    value = (value << 8) | r->at[i];
  r->at += 4;
  return value;
}

static unsigned get_u8(reader *r, unsigned limit) {
  if (!need(r, 1))
    return 0;
  unsigned value = *r->at++;
  if (value > limit)
    r->failed = true;
  return value;
}

/* A count of items each taking at least `smallest` bytes: more than the
 * bytes left could hold is corruption, not a reason to allocate. */
static uint32_t get_count(reader *r, size_t smallest) {
  uint32_t count = get_u32(r);
  if (!r->failed && (size_t)count > (size_t)(r->end - r->at) / smallest)
    r->failed = true;
  return r->failed ? 0 : count;
}

static const char *get_string(reader *r, bool nullable) {
  uint32_t length = get_u32(r);
  if (r->failed)
    return NULL;
  if (length == NO_STRING) {
    if (!nullable)
      r->failed = true;
    return NULL;
  }
  if (!need(r, length))
    return NULL;
  const char *text = hl_arena_strndup(r->arena, (const char *)r->at, length);
  r->at += length;
  return text;
}

static hotlint_position get_position(reader *r) {
  hotlint_position position;
  position.byte = get_u32(r);
  position.line = get_u32(r);
  position.column = get_u32(r);
  position.line_byte = get_u32(r);
  return position;
}

enum { POSITION_BYTES = 16, STRING_BYTES = 4 };

static void get_finding(reader *r, hotlint_finding *finding) {
  memset(finding, 0, sizeof *finding);
  finding->code = get_string(r, false);
  finding->name = get_string(r, false);
  finding->message = get_string(r, false);
  finding->url = get_string(r, true);
  finding->severity = (hotlint_severity)get_u8(r, HOTLINT_SEVERITY_ERROR);
  finding->start = get_position(r);
  finding->end = get_position(r);
  finding->hotness = (hotlint_hotness)get_u8(r, HOTLINT_HOT);
  uint32_t reasons = get_count(r, STRING_BYTES);
  const char **reason_list =
      hl_arena_calloc(r->arena, reasons ? reasons : 1, sizeof(char *));
  for (uint32_t i = 0; i < reasons; i++)
    reason_list[i] = get_string(r, false);
  finding->reasons = reason_list;
  finding->reason_count = reasons;
  uint32_t related = get_count(r, STRING_BYTES + 2 * POSITION_BYTES);
  hotlint_related *related_list =
      hl_arena_calloc(r->arena, related ? related : 1, sizeof *related_list);
  for (uint32_t i = 0; i < related; i++) {
    related_list[i].message = get_string(r, false);
    related_list[i].start = get_position(r);
    related_list[i].end = get_position(r);
  }
  finding->related = related ? related_list : NULL;
  finding->related_count = related;
  uint32_t captures = get_count(r, 2 * STRING_BYTES);
  if (captures) {
    hotlint_capture *capture_list =
        hl_arena_calloc(r->arena, captures, sizeof *capture_list);
    for (uint32_t i = 0; i < captures; i++) {
      capture_list[i].name = get_string(r, false);
      capture_list[i].text = get_string(r, false);
    }
    finding->captures = capture_list;
    finding->capture_count = captures;
  }
  if (get_u8(r, 1)) {
    hotlint_fix *fix = hl_arena_calloc(r->arena, 1, sizeof *fix);
    fix->message = get_string(r, false);
    fix->applicability = (hotlint_applicability)get_u8(r, HOTLINT_FIX_UNSAFE);
    uint32_t edits = get_count(r, 2 * POSITION_BYTES + STRING_BYTES);
    hotlint_edit *edit_list =
        hl_arena_calloc(r->arena, edits ? edits : 1, sizeof *edit_list);
    for (uint32_t i = 0; i < edits; i++) {
      edit_list[i].start = get_position(r);
      edit_list[i].end = get_position(r);
      edit_list[i].content = get_string(r, false);
    }
    fix->edits = edit_list;
    fix->edit_count = edits;
    finding->fix = fix;
  }
}

hotlint_result *hotlint_result_decode(const char *data, size_t length) {
  if (length < sizeof MAGIC || memcmp(data, MAGIC, sizeof MAGIC) != 0)
    return NULL;
  hotlint_result *result = hl_calloc(1, sizeof *result);
  reader r = {(const unsigned char *)data + sizeof MAGIC,
              (const unsigned char *)data + length, false, &result->arena};
  /* the smallest finding: three strings, two positions, a few bytes */
  uint32_t findings = get_count(&r, 3 * STRING_BYTES + 2 * POSITION_BYTES);
  uint32_t problems = get_count(&r, STRING_BYTES + POSITION_BYTES);
  result->suppressed = get_u32(&r);
  for (uint32_t i = 0; i < findings && !r.failed; i++) {
    hotlint_finding finding;
    get_finding(&r, &finding);
    hl_array_push(&result->findings, finding);
  }
  for (uint32_t i = 0; i < problems && !r.failed; i++) {
    hotlint_problem problem;
    problem.message = get_string(&r, false);
    problem.start = get_position(&r);
    hl_array_push(&result->problems, problem);
  }
  if (r.failed || r.at != r.end) {
    hotlint_result_delete(result);
    return NULL;
  }
  return result;
}
