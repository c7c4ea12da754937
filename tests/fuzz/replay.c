/* Replays fuzz inputs without libFuzzer: runs LLVMFuzzerTestOneInput on
 * every file named on the command line, and on every file of every
 * directory named (not recursively). The test suite runs each target this
 * way over its corpus; a crash or a sanitizer report fails the test. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return 1;
  }
  size_t capacity = 1 << 16, size = 0;
  uint8_t *data = malloc(capacity);
  size_t n;
  while (data && (n = fread(data + size, 1, capacity - size, file)) > 0) {
    size += n;
    if (size == capacity) {
      capacity *= 2;
      data = realloc(data, capacity);
    }
  }
  fclose(file);
  if (!data)
    return 1;
  LLVMFuzzerTestOneInput(data, size);
  free(data);
  return 0;
}

int main(int argc, char **argv) {
  size_t count = 0;
  for (int i = 1; i < argc; i++) {
    struct stat info;
    if (stat(argv[i], &info) != 0) {
      fprintf(stderr, "replay: no %s\n", argv[i]);
      return 1;
    }
    if (!S_ISDIR(info.st_mode)) {
      if (replay_file(argv[i]))
        return 1;
      count++;
      continue;
    }
    DIR *dir = opendir(argv[i]);
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
      if (entry->d_name[0] == '.')
        continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], entry->d_name);
      if (stat(path, &info) == 0 && S_ISREG(info.st_mode)) {
        if (replay_file(path))
          return 1;
        count++;
      }
    }
    if (dir)
      closedir(dir);
  }
  printf("replayed %zu inputs\n", count);
  return count ? 0 : 1;
}
