/* The result cache (cache/cache.h). */
#include "cache/cache.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/strbuf.h"
#include "source/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Entry layout: magic, key (16), content length (8), payload length (8),
 * payload hash (16), payload. Numbers little-endian. */
static const char ENTRY_MAGIC[8] = {'H', 'L', 'C', 'A', 'C', 'H', 'E', '1'};
enum { HEADER_BYTES = 8 + 16 + 8 + 8 + 16 };

static void put_u64(unsigned char *out, uint64_t value) {
  for (int i = 0; i < 8; i++)
    out[i] = (unsigned char)(value >> (8 * i));
}

static uint64_t get_u64(const unsigned char *in) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; i--)
    value = (value << 8) | in[i];
  return value;
}

static void put_hash(unsigned char *out, hl_hash128 hash) {
  put_u64(out, hash.low);
  put_u64(out + 8, hash.high);
}

static bool hash_equals(const unsigned char *in, hl_hash128 hash) {
  return get_u64(in) == hash.low && get_u64(in + 8) == hash.high;
}

static bool make_dir(const char *path) {
  return mkdir(path, 0777) == 0 || errno == EEXIST;
}

static bool write_small_file(const char *dir, const char *name,
                             const char *text) {
  hl_strbuf path = {0};
  hl_strbuf_printf(&path, "%s/%s", dir, name);
  bool ok = access(hl_strbuf_cstr(&path), F_OK) == 0;
  if (!ok) {
    FILE *file = fopen(hl_strbuf_cstr(&path), "w");
    ok = file && fputs(text, file) >= 0;
    if (file)
      ok = fclose(file) == 0 && ok;
  }
  hl_strbuf_free(&path);
  return ok;
}

bool hl_cache_open(hl_cache *cache, const char *dir, hotlint_error *error) {
  cache->dir = NULL;
  /* create the directory and its parents */
  char *path = hl_strdup(dir);
  bool ok = true;
  for (char *p = path + 1; *p && ok; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    ok = make_dir(path);
    *p = '/';
  }
  ok = ok && make_dir(path);
  if (ok) {
    struct stat info;
    ok = stat(path, &info) == 0 && S_ISDIR(info.st_mode);
  }
  if (ok)
    ok = write_small_file(path, "CACHEDIR.TAG",
                          "Signature: 8a477f597d28d172789f06886806bc55\n"
                          "# This is hotlint's result cache; see "
                          "https://bford.info/cachedir/\n") &&
         write_small_file(path, ".gitignore", "# hotlint's cache\n*\n");
  if (!ok) {
    snprintf(error->message, sizeof error->message,
             "cannot use the cache directory '%s': %s", dir, strerror(errno));
    hl_free(path);
    return false;
  }
  cache->dir = path;
  return true;
}

void hl_cache_close(hl_cache *cache) {
  hl_free(cache->dir);
  cache->dir = NULL;
}

hl_hash128 hl_cache_key(hl_hash128 run_key, const char *path,
                        const char *content, size_t length) {
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0);
  hl_hasher_feed_u64(&hasher, run_key.low);
  hl_hasher_feed_u64(&hasher, run_key.high);
  hl_hasher_feed_string(&hasher, path);
  hl_hasher_feed_u64(&hasher, length);
  hl_hasher_feed(&hasher, content, length);
  return hl_hasher_finish(&hasher);
}

/* DIR/ab/cdef... (two hex digits of fan-out, then the other 30) */
static void entry_path(const hl_cache *cache, hl_hash128 key, hl_strbuf *out,
                       bool directory_only) {
  char hex[33];
  hl_hash128_hex(key, hex);
  hl_strbuf_printf(out, "%s/%.2s", cache->dir, hex);
  if (!directory_only)
    hl_strbuf_printf(out, "/%s", hex + 2);
}

char *hl_cache_load_bytes(const hl_cache *cache, hl_hash128 key, uint64_t tag,
                          size_t *length) {
  hl_strbuf path = {0};
  entry_path(cache, key, &path, false);
  int fd = open(hl_strbuf_cstr(&path), O_RDONLY | O_CLOEXEC);
  char *result = NULL;
  struct stat info;
  if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
      info.st_size >= HEADER_BYTES && info.st_size < (1 << 30)) {
    size_t size = (size_t)info.st_size;
    unsigned char *data = hl_malloc(size);
    size_t got = 0;
    while (got < size) {
      ssize_t n = read(fd, data + got, size - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (size_t)n;
    }
    const unsigned char *payload = data + HEADER_BYTES;
    size_t payload_length = size - HEADER_BYTES;
    if (got == size && !memcmp(data, ENTRY_MAGIC, 8) &&
        hash_equals(data + 8, key) && get_u64(data + 24) == tag &&
        get_u64(data + 32) == payload_length &&
        hash_equals(data + 40, hl_hash_bytes(payload, payload_length, 1))) {
      result = hl_malloc(payload_length + 1);
      memcpy(result, payload, payload_length);
      result[payload_length] = '\0';
      *length = payload_length;
    }
    hl_free(data);
    if (result) /* refresh its age for pruning; failure does not matter */
      (void)futimens(fd, NULL);
  }
  if (fd >= 0)
    close(fd);
  hl_strbuf_free(&path);
  return result;
}

hotlint_result *hl_cache_load(const hl_cache *cache, hl_hash128 key,
                              size_t content_length) {
  size_t length;
  char *payload = hl_cache_load_bytes(cache, key, content_length, &length);
  if (!payload)
    return NULL;
  hotlint_result *result = hotlint_result_decode(payload, length);
  hl_free(payload);
  return result;
}

bool hl_cache_store(const hl_cache *cache, hl_hash128 key,
                    size_t content_length, const hotlint_result *result) {
  size_t payload_length;
  char *payload = hotlint_result_encode(result, &payload_length);
  bool ok =
      hl_cache_store_bytes(cache, key, content_length, payload, payload_length);
  free(payload);
  return ok;
}

bool hl_cache_store_bytes(const hl_cache *cache, hl_hash128 key, uint64_t tag,
                          const char *payload, size_t payload_length) {
  unsigned char header[HEADER_BYTES];
  memcpy(header, ENTRY_MAGIC, 8);
  put_hash(header + 8, key);
  put_u64(header + 24, tag);
  put_u64(header + 32, payload_length);
  put_hash(header + 40, hl_hash_bytes(payload, payload_length, 1));

  hl_strbuf dir = {0}, temp = {0}, path = {0};
  entry_path(cache, key, &dir, true);
  entry_path(cache, key, &path, false);
  bool ok = make_dir(hl_strbuf_cstr(&dir));
  hl_strbuf_printf(&temp, "%s/.tmp-XXXXXX", hl_strbuf_cstr(&dir));
  char *temp_path = hl_strbuf_detach(&temp);
  int fd = ok ? mkstemp(temp_path) : -1;
  ok = fd >= 0;
  if (ok) {
    ok = hl_write_all(fd, header, sizeof header) &&
         hl_write_all(fd, payload, payload_length);
    ok = close(fd) == 0 && ok;
    /* mkstemp makes 0600; entries are as readable as the directory */
    ok = ok && chmod(temp_path, 0644) == 0;
    ok = ok && rename(temp_path, hl_strbuf_cstr(&path)) == 0;
    if (!ok)
      unlink(temp_path);
  }
  hl_free(temp_path);
  hl_strbuf_free(&dir);
  hl_strbuf_free(&path);
  return ok;
}

/* ---- Pruning ------------------------------------------------------------ */

typedef struct entry_info {
  char *path;
  uint64_t bytes;
  struct timespec time;
} entry_info;

typedef HL_ARRAY(entry_info) entry_list;

static int older_first(const void *a, const void *b) {
  const entry_info *x = a, *y = b;
  if (x->time.tv_sec != y->time.tv_sec)
    return x->time.tv_sec < y->time.tv_sec ? -1 : 1;
  if (x->time.tv_nsec != y->time.tv_nsec)
    return x->time.tv_nsec < y->time.tv_nsec ? -1 : 1;
  return strcmp(x->path, y->path);
}

static bool is_hex_name(const char *name, size_t length) {
  if (strlen(name) != length)
    return false;
  for (size_t i = 0; i < length; i++)
    if (!((name[i] >= '0' && name[i] <= '9') ||
          (name[i] >= 'a' && name[i] <= 'f')))
      return false;
  return true;
}

/* Every entry (DIR/xx/30 hex digits); leftover temporary files older than
 * an hour count too, so a crashed run's litter goes. */
static void list_entries(const hl_cache *cache, entry_list *out) {
  DIR *top = opendir(cache->dir);
  if (!top)
    return;
  struct dirent *fan;
  while ((fan = readdir(top))) {
    if (!is_hex_name(fan->d_name, 2))
      continue;
    hl_strbuf sub = {0};
    hl_strbuf_printf(&sub, "%s/%s", cache->dir, fan->d_name);
    DIR *dir = opendir(hl_strbuf_cstr(&sub));
    struct dirent *item;
    while (dir && (item = readdir(dir))) {
      bool entry = is_hex_name(item->d_name, 30);
      bool temp = !strncmp(item->d_name, ".tmp-", 5);
      if (!entry && !temp)
        continue;
      hl_strbuf path = {0};
      hl_strbuf_printf(&path, "%s/%s", hl_strbuf_cstr(&sub), item->d_name);
      struct stat info;
      if (stat(hl_strbuf_cstr(&path), &info) == 0 && S_ISREG(info.st_mode)) {
        entry_info e = {hl_strbuf_detach(&path), (uint64_t)info.st_size,
                        info.st_mtim};
        if (temp && e.time.tv_sec > 0 &&
            (time_t)e.time.tv_sec + 3600 > time(NULL)) {
          hl_free(e.path); /* another run may be writing it */
          continue;
        }
        if (temp)
          e.time.tv_sec = 0; /* old litter goes first */
        hl_array_push(out, e);
      }
      hl_strbuf_free(&path);
    }
    if (dir)
      closedir(dir);
    hl_strbuf_free(&sub);
  }
  closedir(top);
}

uint64_t hl_cache_size(const hl_cache *cache) {
  entry_list entries = {0};
  list_entries(cache, &entries);
  uint64_t total = 0;
  for (size_t i = 0; i < entries.count; i++) {
    total += entries.items[i].bytes;
    hl_free(entries.items[i].path);
  }
  hl_array_free(&entries);
  return total;
}

void hl_cache_prune(const hl_cache *cache, uint64_t max_bytes) {
  entry_list entries = {0};
  list_entries(cache, &entries);
  uint64_t total = 0;
  for (size_t i = 0; i < entries.count; i++)
    total += entries.items[i].bytes;
  if (total > max_bytes) {
    qsort(entries.items, entries.count, sizeof(entry_info), older_first);
    for (size_t i = 0; i < entries.count && total > max_bytes; i++)
      if (unlink(entries.items[i].path) == 0)
        total -= entries.items[i].bytes;
  }
  for (size_t i = 0; i < entries.count; i++)
    hl_free(entries.items[i].path);
  hl_array_free(&entries);
}
