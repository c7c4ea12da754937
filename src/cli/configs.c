/* Finding the configuration of each checked file: the walk up the
 * directories, the per-directory cache, and the checks that need the whole
 * run (rule codes against the engine; rules-dir only where it is honoured). */
#include "cli/configs.h"

#include "base/alloc.h"
#include "base/strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *hl_config_absolute_path(const char *cwd, const char *path) {
  hl_strbuf joined = {0};
  if (path[0] != '/') {
    hl_strbuf_puts(&joined, cwd);
    hl_strbuf_putc(&joined, '/');
  }
  hl_strbuf_puts(&joined, path);
  const char *p = hl_strbuf_cstr(&joined);
  hl_strbuf out = {0};
  while (*p) {
    while (*p == '/')
      p++;
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 0 || (n == 1 && p[0] == '.')) {
      /* nothing */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (out.len > 0 && out.data[out.len - 1] != '/')
        out.len--;
      if (out.len > 0)
        out.len--;
      if (out.data)
        out.data[out.len] = '\0';
    } else {
      hl_strbuf_putc(&out, '/');
      hl_strbuf_append(&out, p, n);
    }
    p += n;
  }
  hl_strbuf_free(&joined);
  if (out.len == 0)
    hl_strbuf_putc(&out, '/');
  return hl_strbuf_detach(&out);
}

/* "/a/b/c" -> "/a/b"; "/a" -> "/". Returns false at the root. */
static bool parent_directory(char *dir) {
  if (strcmp(dir, "/") == 0)
    return false;
  char *slash = strrchr(dir, '/');
  if (slash == dir)
    slash[1] = '\0';
  else
    *slash = '\0';
  return true;
}

static char *join(const char *dir, const char *name) {
  hl_strbuf out = {0};
  hl_strbuf_puts(&out, dir);
  if (out.len == 0 || out.data[out.len - 1] != '/')
    hl_strbuf_putc(&out, '/');
  hl_strbuf_puts(&out, name);
  return hl_strbuf_detach(&out);
}

/* What messages call a file: relative to the current directory when it is
 * below it, else absolute. */
static char *shown_path(const hl_config_set *set, const char *absolute) {
  size_t n = strlen(set->cwd);
  if (strcmp(set->cwd, "/") != 0 && strncmp(absolute, set->cwd, n) == 0 &&
      absolute[n] == '/')
    return hl_strdup(absolute + n + 1);
  return hl_strdup(absolute);
}

/* ---- the directory cache ------------------------------------------------- */

static uint64_t hash_text(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static hl_config_slot *slot_for(hl_config_set *set, const char *dir) {
  size_t mask = set->slot_capacity - 1;
  for (size_t i = (size_t)hash_text(dir) & mask;; i = (i + 1) & mask) {
    hl_config_slot *slot = &set->slots[i];
    if (!slot->directory || strcmp(slot->directory, dir) == 0)
      return slot;
  }
}

static void cache_put(hl_config_set *set, const char *dir, long config) {
  if ((set->slot_count + 1) * 2 > set->slot_capacity) {
    hl_config_slot *old = set->slots;
    size_t old_capacity = set->slot_capacity;
    set->slot_capacity = old_capacity ? old_capacity * 2 : 64;
    set->slots = hl_calloc(set->slot_capacity, sizeof(hl_config_slot));
    for (size_t i = 0; i < old_capacity; i++)
      if (old[i].directory)
        *slot_for(set, old[i].directory) = old[i];
    hl_free(old);
  }
  hl_config_slot *slot = slot_for(set, dir);
  if (!slot->directory) {
    slot->directory = hl_strdup(dir);
    set->slot_count++;
  }
  slot->config = config;
}

static bool cache_get(hl_config_set *set, const char *dir, long *config) {
  if (!set->slot_capacity)
    return false;
  hl_config_slot *slot = slot_for(set, dir);
  if (!slot->directory)
    return false;
  *config = slot->config;
  return true;
}

/* ---- loading ------------------------------------------------------------- */

static bool check_one(hl_config_set *set, long index, hotlint_error *error) {
  const hl_config *config = set->configs.items[index];
  if (index != set->root && config->rules_dirs.count > 0) {
    const hl_config_item *item = &config->rules_dirs.items[0];
    snprintf(error->message, sizeof(error->message),
             "%s:%u:%u: 'rules-dir' is only honoured in the configuration of "
             "the current directory or in --config (run hotlint from this "
             "project's directory, or pass --config)",
             config->path, item->line, item->column);
    return false;
  }
  return !set->engine || hl_config_check_rules(config, set->engine, error);
}

/* Loads the configuration file at `absolute` into the set. Returns the
 * status; *index is set when loaded. */
static hl_config_status load_into(hl_config_set *set, const char *absolute,
                                  long *index, hotlint_error *error) {
  hl_config *config = hl_calloc(1, sizeof(hl_config));
  char *shown = shown_path(set, absolute);
  char *dir = hl_strdup(absolute);
  parent_directory(dir);
  /* read through the shown path: it is relative to the current directory
   * or absolute, and read errors then name the file as the user knows it */
  hl_config_status status = hl_config_load(shown, shown, dir, config, error);
  hl_free(shown);
  hl_free(dir);
  if (status != HL_CONFIG_LOADED) {
    hl_config_free(config);
    hl_free(config);
    return status;
  }
  *index = (long)set->configs.count;
  hl_array_push(&set->configs, config);
  return status;
}

static bool is_regular_file(const char *path) {
  struct stat info;
  return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

/* Looks in one directory: hotlint.yaml wins over pyproject.toml. Sets
 * *index to the configuration found or -1. */
static bool look_in(hl_config_set *set, const char *dir, long *index,
                    hotlint_error *error) {
  static const char *const names[] = {"hotlint.yaml", "pyproject.toml"};
  *index = -1;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    char *candidate = join(dir, names[i]);
    hl_config_status status = HL_CONFIG_ABSENT;
    if (is_regular_file(candidate))
      status = load_into(set, candidate, index, error);
    hl_free(candidate);
    if (status == HL_CONFIG_FAILED)
      return false;
    if (status == HL_CONFIG_LOADED)
      return true;
  }
  return true;
}

/* The configuration of directory `start` (absolute), walking up. */
static bool find_for_directory(hl_config_set *set, const char *start,
                               long *index, hotlint_error *error) {
  HL_ARRAY(char *) visited = {0};
  char *dir = hl_strdup(start);
  long found = -1;
  bool ok = true;
  for (;;) {
    if (cache_get(set, dir, &found))
      break;
    hl_array_push(&visited, hl_strdup(dir));
    ok = look_in(set, dir, &found, error);
    if (!ok || found >= 0 || !parent_directory(dir))
      break;
  }
  for (size_t i = 0; i < visited.count; i++) {
    if (ok)
      cache_put(set, visited.items[i], found);
    hl_free(visited.items[i]);
  }
  hl_array_free(&visited);
  hl_free(dir);
  *index = found;
  return ok;
}

bool hl_config_set_init(hl_config_set *set, const char *forced_path,
                        hotlint_error *error) {
  memset(set, 0, sizeof(*set));
  set->forced = set->root = -1;
  char buffer[4096];
  if (!getcwd(buffer, sizeof(buffer))) {
    snprintf(error->message, sizeof(error->message),
             "cannot find the current directory: %s", strerror(errno));
    return false;
  }
  set->cwd = hl_strdup(buffer);
  if (forced_path) {
    char *absolute = hl_config_absolute_path(set->cwd, forced_path);
    hl_config_status status = load_into(set, absolute, &set->forced, error);
    hl_free(absolute);
    if (status == HL_CONFIG_ABSENT)
      snprintf(error->message, sizeof(error->message),
               "%.900s: no [tool.hotlint] table", forced_path);
    if (status != HL_CONFIG_LOADED)
      return false;
    set->root = set->forced;
    return true;
  }
  return find_for_directory(set, set->cwd, &set->root, error);
}

void hl_config_set_free(hl_config_set *set) {
  for (size_t i = 0; i < set->configs.count; i++) {
    hl_config_free(set->configs.items[i]);
    hl_free(set->configs.items[i]);
  }
  hl_array_free(&set->configs);
  for (size_t i = 0; i < set->slot_capacity; i++)
    hl_free(set->slots[i].directory);
  hl_free(set->slots);
  hl_free(set->cwd);
  memset(set, 0, sizeof(*set));
}

const hl_config *hl_config_set_root(const hl_config_set *set) {
  return set->root >= 0 ? set->configs.items[set->root] : NULL;
}

bool hl_config_set_attach(hl_config_set *set, const hotlint_engine *engine,
                          hotlint_error *error) {
  set->engine = engine;
  for (size_t i = 0; i < set->configs.count; i++)
    if (!check_one(set, (long)i, error))
      return false;
  return true;
}

bool hl_config_set_find(hl_config_set *set, const char *path, long *index,
                        char **relative, hotlint_error *error) {
  *relative = NULL;
  char *absolute = hl_config_absolute_path(set->cwd, path);
  long found = set->forced;
  if (found < 0) {
    char *dir = hl_strdup(absolute);
    parent_directory(dir);
    size_t before = set->configs.count;
    bool ok = find_for_directory(set, dir, &found, error);
    for (size_t i = before; ok && i < set->configs.count; i++)
      ok = check_one(set, (long)i, error);
    hl_free(dir);
    if (!ok) {
      hl_free(absolute);
      return false;
    }
  }
  *index = found;
  if (found >= 0) {
    const char *dir = set->configs.items[found]->directory;
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
      *relative = hl_strdup(absolute + 1);
    else if (strncmp(absolute, dir, n) == 0 && absolute[n] == '/')
      *relative = hl_strdup(absolute + n + 1);
    else /* --config elsewhere: globs see the path as given */
      *relative = hl_strdup(path);
  }
  hl_free(absolute);
  return true;
}
