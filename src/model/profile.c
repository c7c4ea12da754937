/* Profiles: collapsed stacks -> hot functions with their share. */
#include "model/profile.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/strbuf.h"
#include "model/model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef struct profiled_function {
  const char *name;
  const char *path; /* NULL when the frame has none */
  unsigned long long samples;
  size_t last_line; /* the stack that counted it last (recursion counts once) */
} profiled_function;

typedef struct frame_text {
  const char *name;
  size_t name_length;
  const char *path;
  size_t path_length;
} frame_text;

static bool all_digits(const char *s, size_t n) {
  if (!n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return false;
  return true;
}

/* Splits one frame into a function name and an optional path. */
static frame_text split_frame(const char *s, size_t n) {
  frame_text frame = {s, n, NULL, 0};
  while (frame.name_length && isspace((unsigned char)frame.name[0]))
    frame.name++, frame.name_length--;
  while (frame.name_length &&
         isspace((unsigned char)frame.name[frame.name_length - 1]))
    frame.name_length--;
  s = frame.name;
  n = frame.name_length;
  /* "func (path:line)" */
  const char *open = memchr(s, '(', n);
  if (open && n && s[n - 1] == ')') {
    const char *path = open + 1;
    size_t path_length = (size_t)(s + n - 1 - path);
    const char *colon = NULL;
    for (size_t i = path_length; i-- > 0;)
      if (path[i] == ':') {
        colon = path + i;
        break;
      }
    if (colon &&
        all_digits(colon + 1, (size_t)(path + path_length - colon - 1)))
      path_length = (size_t)(colon - path);
    frame.path = path_length ? path : NULL;
    frame.path_length = path_length;
    frame.name_length = (size_t)(open - s);
    while (frame.name_length && s[frame.name_length - 1] == ' ')
      frame.name_length--;
    return frame;
  }
  /* "path:func" */
  for (size_t i = n; i-- > 0;) {
    if (s[i] == ':') {
      frame.path = s;
      frame.path_length = i;
      frame.name = s + i + 1;
      frame.name_length = n - i - 1;
      break;
    }
  }
  return frame;
}

static bool fail(hotlint_error *error, const char *origin, size_t line,
                 const char *what) {
  snprintf(error->message, sizeof error->message, "%s:%zu: %s", origin, line,
           what);
  return false;
}

bool hl_profile_parse(const char *origin, const char *text, size_t length,
                      double min_share, hl_profile *profile,
                      hotlint_error *error) {
  memset(profile, 0, sizeof *profile);
  HL_ARRAY(profiled_function) functions = {0};
  hl_name_set index = {0};
  hl_strbuf key = {0};
  bool ok = true;
  size_t line_number = 0;
  const char *p = text, *end = text + length;
  while (p < end && ok) {
    line_number++;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *line = p;
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    p = eol ? eol + 1 : end;
    while (n && (line[n - 1] == '\r' || isspace((unsigned char)line[n - 1])))
      n--;
    if (!n || line[0] == '#')
      continue;
    size_t space = n;
    while (space > 0 && line[space - 1] != ' ' && line[space - 1] != '\t')
      space--;
    if (!space || !all_digits(line + space, n - space)) {
      ok = fail(error, origin, line_number,
                "malformed profile line: expected 'frame;frame;... COUNT'");
      break;
    }
    unsigned long long count = 0;
    for (size_t i = space; i < n; i++) {
      if (count > (~0ULL - 9) / 10) {
        ok = fail(error, origin, line_number, "sample count too large");
        break;
      }
      count = count * 10 + (unsigned)(line[i] - '0');
    }
    if (!ok)
      break;
    size_t stack_length = space - 1;
    while (stack_length && isspace((unsigned char)line[stack_length - 1]))
      stack_length--;
    if (!stack_length) {
      ok = fail(error, origin, line_number,
                "malformed profile line: no frames before the count");
      break;
    }
    profile->total_samples += count;
    const char *frame_start = line;
    const char *stack_end = line + stack_length;
    while (frame_start <= stack_end) {
      const char *semi =
          memchr(frame_start, ';', (size_t)(stack_end - frame_start));
      const char *frame_end = semi ? semi : stack_end;
      frame_text frame =
          split_frame(frame_start, (size_t)(frame_end - frame_start));
      frame_start = frame_end + 1;
      if (!frame.name_length)
        continue;
      hl_strbuf_clear(&key);
      hl_strbuf_append(&key, frame.name, frame.name_length);
      hl_strbuf_putc(&key, '\x1f');
      if (frame.path)
        hl_strbuf_append(&key, frame.path, frame.path_length);
      hl_name_entry *entry =
          hl_name_set_find(&index, key.data, (uint32_t)key.len);
      if (!entry) {
        char *stored = hl_arena_strndup(&profile->arena, key.data, key.len);
        entry =
            hl_name_set_add(&index, &profile->arena, stored, (uint32_t)key.len);
        profiled_function function = {
            hl_arena_strndup(&profile->arena, frame.name, frame.name_length),
            frame.path ? hl_arena_strndup(&profile->arena, frame.path,
                                          frame.path_length)
                       : NULL,
            0, 0};
        hl_array_push(&functions, function);
        entry->value = (uint32_t)functions.count; /* index + 1 */
      }
      profiled_function *function = &functions.items[entry->value - 1];
      if (function->last_line != line_number) {
        function->samples += count;
        function->last_line = line_number;
      }
      if (!semi)
        break;
    }
  }
  hl_strbuf_free(&key);
  if (ok) {
    profile->function_count = functions.count;
    for (size_t i = 0; i < functions.count; i++) {
      const profiled_function *function = &functions.items[i];
      double share = profile->total_samples ? (double)function->samples /
                                                  (double)profile->total_samples
                                            : 0.0;
      if (!profile->total_samples || share < min_share ||
          function->name[0] == '<') /* <module>, <listcomp>: not a def */
        continue;
      char reason[256];
      snprintf(reason, sizeof reason,
               "%.1f%% of the samples in profile '%s' (%llu of %llu)",
               share * 100.0, origin, function->samples,
               profile->total_samples);
      profile->hot = hl_realloc(profile->hot, sizeof(hotlint_hot_function) *
                                                  (profile->hot_count + 1));
      hotlint_hot_function *hot = &profile->hot[profile->hot_count++];
      hot->name = function->name;
      hot->path = function->path;
      hot->reason = hl_arena_strndup(&profile->arena, reason, strlen(reason));
    }
  }
  hl_array_free(&functions);
  return ok;
}

void hl_profile_free(hl_profile *profile) {
  hl_free(profile->hot);
  hl_arena_free(&profile->arena);
  memset(profile, 0, sizeof *profile);
}
