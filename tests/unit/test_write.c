/* Unit tests for src/source/write.c: the atomic rewrite keeps the mode and
 * leaves no temporary file; a file that changed since it was read, a file
 * that is gone and a path that is not a regular file are refused with the
 * file untouched; a rewrite killed while it writes leaves the file as it
 * was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "source/read.h"
#include "source/write.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct fixture {
  char dir[64];
  char path[128];
} fixture;

static int set_up(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/hotlint-write-XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  snprintf(f->path, sizeof f->path, "%s/app.py", f->dir);
  *state = f;
  return 0;
}

static int tear_down(void **state) {
  fixture *f = *state;
  DIR *dir = opendir(f->dir);
  struct dirent *entry;
  while (dir && (entry = readdir(dir))) {
    if (entry->d_name[0] == '.' &&
        (!entry->d_name[1] || !strcmp(entry->d_name, "..")))
      continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", f->dir, entry->d_name);
    if (rmdir(path) != 0)
      unlink(path);
  }
  if (dir)
    closedir(dir);
  rmdir(f->dir);
  free(f);
  return 0;
}

static void write_text(const char *path, const char *text) {
  FILE *file = fopen(path, "wb");
  assert_non_null(file);
  fputs(text, file);
  fclose(file);
}

static void assert_contents(const char *path, const char *text) {
  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(path, &contents, &error));
  assert_int_equal(contents.length, strlen(text));
  assert_memory_equal(contents.data, text, contents.length);
  hl_file_contents_free(&contents);
}

static size_t entries_in(const char *dir_path) {
  size_t count = 0;
  DIR *dir = opendir(dir_path);
  assert_non_null(dir);
  struct dirent *entry;
  while ((entry = readdir(dir)))
    if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
      count++;
  closedir(dir);
  return count;
}

static void test_rewrite_keeps_mode(void **state) {
  fixture *f = *state;
  const char *old_text = "x = [1, 2]\n";
  write_text(f->path, old_text);
  assert_int_equal(chmod(f->path, 0751), 0);
  hotlint_error error = {{0}};
  assert_true(hl_write_file_atomic(f->path, "x = {1, 2}\n", 11, old_text,
                                   strlen(old_text), &error));
  assert_contents(f->path, "x = {1, 2}\n");
  struct stat info;
  assert_int_equal(stat(f->path, &info), 0);
  assert_int_equal(info.st_mode & 07777, 0751);
  assert_int_equal(entries_in(f->dir), 1); /* no temporary file left */
}

static void test_changed_file_is_not_replaced(void **state) {
  fixture *f = *state;
  write_text(f->path, "edited by someone else\n");
  hotlint_error error = {{0}};
  const char *seen = "x = [1, 2]\n";
  assert_false(hl_write_file_atomic(f->path, "x = {1, 2}\n", 11, seen,
                                    strlen(seen), &error));
  assert_non_null(strstr(error.message, "app.py"));
  assert_non_null(strstr(error.message, "changed while it was checked"));
  assert_contents(f->path, "edited by someone else\n");
  assert_int_equal(entries_in(f->dir), 1);
}

static void test_missing_and_irregular_paths(void **state) {
  fixture *f = *state;
  hotlint_error error = {{0}};
  assert_false(hl_write_file_atomic(f->path, "y\n", 2, "x\n", 2, &error));
  assert_non_null(strstr(error.message, "no such file or directory"));
  assert_int_equal(mkdir(f->path, 0755), 0);
  assert_false(hl_write_file_atomic(f->path, "y\n", 2, "x\n", 2, &error));
  assert_non_null(strstr(error.message, "not a regular file"));
}

/* The bytes in the directory's regular files other than `except`. */
static off_t other_bytes(const char *dir_path, const char *except) {
  off_t total = 0;
  DIR *dir = opendir(dir_path);
  assert_non_null(dir);
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name);
    struct stat info;
    if (strcmp(path, except) && stat(path, &info) == 0 && S_ISREG(info.st_mode))
      total += info.st_size;
  }
  closedir(dir);
  return total;
}

/* A rewrite killed with SIGKILL while it writes leaves the file as it
 * was. The child rewrites it with 256 MB; the parent kills it as soon as
 * writing shows (any other file of the directory grows, or the file
 * itself changes size): an in-place write would leave part of the new
 * text, so this fails for any writer that is not atomic. */
static void test_killed_mid_write_leaves_the_file(void **state) {
  fixture *f = *state;
  const char *old_text = "x = [1, 2]\n";
  write_text(f->path, old_text);
  enum { BIG = 256 * 1024 * 1024 };
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    char *big = malloc(BIG);
    if (!big)
      _exit(3);
    memset(big, '#', BIG);
    hotlint_error error;
    _exit(hl_write_file_atomic(f->path, big, BIG, old_text, strlen(old_text),
                               &error)
              ? 0
              : 1);
  }
  bool writing = false;
  for (int i = 0; i < 200000 && !writing; i++) { /* up to ~20 s */
    struct stat info;
    writing =
        other_bytes(f->dir, f->path) > 0 ||
        (stat(f->path, &info) == 0 && info.st_size != (off_t)strlen(old_text));
    if (!writing)
      usleep(100);
  }
  kill(child, SIGKILL);
  int status;
  assert_int_equal(waitpid(child, &status, 0), child);
  assert_true(writing);
  /* killed, not finished: else the test proved nothing */
  assert_true(WIFSIGNALED(status));
  assert_contents(f->path, old_text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_rewrite_keeps_mode, set_up,
                                      tear_down),
      cmocka_unit_test_setup_teardown(test_changed_file_is_not_replaced, set_up,
                                      tear_down),
      cmocka_unit_test_setup_teardown(test_missing_and_irregular_paths, set_up,
                                      tear_down),
      cmocka_unit_test_setup_teardown(test_killed_mid_write_leaves_the_file,
                                      set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
