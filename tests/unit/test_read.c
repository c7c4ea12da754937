/* Unit tests for src/source/read.c: regular, empty, binary and large files
 * read intact; directories, FIFOs, devices, missing files, dangling symlinks,
 * symlink loops and unreadable files refused with git-style messages;
 * standard input read to EOF, even when it is a non-blocking pipe. Each test
 * works in a fresh directory under /tmp, removed afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "source/read.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A test that would block on a FIFO is killed by SIGALRM after this. */
#define BLOCKING_TIMEOUT_SECONDS 10

typedef struct scratch {
  char directory[64]; /* absolute, from mkdtemp */
  char path[4096];    /* scratch space for scratch_path() */
} scratch;

static int scratch_setup(void **state) {
  scratch *dir = hl_calloc(1, sizeof *dir);
  snprintf(dir->directory, sizeof dir->directory, "/tmp/hotlint-read-XXXXXX");
  if (!mkdtemp(dir->directory)) {
    hl_free(dir);
    return -1;
  }
  *state = dir;
  return 0;
}

static int scratch_teardown(void **state) {
  scratch *dir = *state;
  char command[128];
  snprintf(command, sizeof command, "rm -rf '%s'", dir->directory);
  int status = system(command);
  hl_free(dir);
  return status == 0 ? 0 : -1;
}

/* Returns DIRECTORY/name; valid until the next call. */
static const char *scratch_path(scratch *dir, const char *name) {
  snprintf(dir->path, sizeof dir->path, "%s/%s", dir->directory, name);
  return dir->path;
}

static void write_bytes(const char *path, const void *bytes, size_t length) {
  FILE *file = fopen(path, "wb");
  assert_non_null(file);
  assert_int_equal(fwrite(bytes, 1, length, file), length);
  assert_int_equal(fclose(file), 0);
}

/* Reads path expecting failure; checks the message and that out is empty. */
static void assert_read_fails(const char *path, const char *reason) {
  hl_file_contents contents = {(char *)"garbage", 7};
  hotlint_error error = {{0}};
  assert_false(hl_read_file(path, &contents, &error));
  assert_null(contents.data);
  assert_int_equal(contents.length, 0);
  char expected[sizeof error.message];
  snprintf(expected, sizeof expected, "cannot read '%s': %s", path, reason);
  assert_string_equal(error.message, expected);
}

static void test_regular_file(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "a.py");
  const char text[] = "for x in y:\n    s += x\n";
  write_bytes(path, text, sizeof text - 1);

  hl_file_contents contents;
  hotlint_error error = {{0}};
  assert_true(hl_read_file(path, &contents, &error));
  assert_int_equal(contents.length, sizeof text - 1);
  assert_memory_equal(contents.data, text, sizeof text);
  assert_int_equal(contents.data[contents.length], '\0');
  assert_string_equal(error.message, ""); /* untouched on success */
  hl_file_contents_free(&contents);
  assert_null(contents.data);
  assert_int_equal(contents.length, 0);
}

static void test_empty_file(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "__init__.py");
  write_bytes(path, "", 0);

  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(path, &contents, &error));
  assert_non_null(contents.data);
  assert_int_equal(contents.length, 0);
  assert_int_equal(contents.data[0], '\0');
  hl_file_contents_free(&contents);
}

static void test_file_with_nul_bytes(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "binary.py");
  const char bytes[] = {'a', '\0', 'b', '\0', '\0', 'c', '\n', '\0'};
  write_bytes(path, bytes, sizeof bytes);

  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(path, &contents, &error));
  assert_int_equal(contents.length, sizeof bytes);
  assert_memory_equal(contents.data, bytes, sizeof bytes);
  assert_int_equal(contents.data[contents.length], '\0');
  hl_file_contents_free(&contents);
}

static void test_large_file(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "large.py");
  /* 8 MiB and a bit, a pattern that shows a misplaced chunk */
  const size_t length = (size_t)8 * 1024 * 1024 + 123;
  char *bytes = hl_malloc(length);
  for (size_t i = 0; i < length; i++)
    bytes[i] = (char)('a' + (i * 7 + i / 4096) % 26);
  write_bytes(path, bytes, length);

  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(path, &contents, &error));
  assert_int_equal(contents.length, length);
  assert_memory_equal(contents.data, bytes, length);
  assert_int_equal(contents.data[length], '\0');
  hl_file_contents_free(&contents);
  hl_free(bytes);
}

/* A file whose size fstat does not know (/proc reports 0): read to EOF
 * anyway, never trusting st_size. */
static void test_file_larger_than_its_stat_size(void **state) {
  (void)state;
  const char *path = "/proc/self/status";
  struct stat info;
  if (stat(path, &info) != 0 || info.st_size != 0)
    skip();
  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(path, &contents, &error));
  assert_true(contents.length > 0);
  assert_int_equal(strlen(contents.data), contents.length);
  assert_non_null(strstr(contents.data, "Name:"));
  hl_file_contents_free(&contents);
}

static void test_directory(void **state) {
  scratch *dir = *state;
  assert_read_fails(dir->directory, "is a directory");
  const char *sub = scratch_path(dir, "pkg.py");
  assert_int_equal(mkdir(sub, 0755), 0);
  assert_read_fails(sub, "is a directory");
}

static void test_fifo_does_not_block(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "pipe.py");
  assert_int_equal(mkfifo(path, 0644), 0);
  alarm(BLOCKING_TIMEOUT_SECONDS); /* a hang becomes a failure */
  assert_read_fails(path, "not a regular file");
  alarm(0);
}

static void test_device(void **state) {
  (void)state;
  assert_read_fails("/dev/null", "not a regular file");
}

static void test_missing_file(void **state) {
  scratch *dir = *state;
  assert_read_fails(scratch_path(dir, "missing.py"),
                    "no such file or directory");
  assert_read_fails(scratch_path(dir, "missing/dir/a.py"),
                    "no such file or directory");
}

static void test_not_a_directory_in_path(void **state) {
  scratch *dir = *state;
  const char *file = scratch_path(dir, "file.py");
  write_bytes(file, "x", 1);
  assert_read_fails(scratch_path(dir, "file.py/a.py"), "not a directory");
}

static void test_dangling_symlink(void **state) {
  scratch *dir = *state;
  char link[4096];
  snprintf(link, sizeof link, "%s", scratch_path(dir, "dangling.py"));
  assert_int_equal(symlink("nowhere.py", link), 0);
  assert_read_fails(link, "a dangling symbolic link (to 'nowhere.py')");
}

static void test_symlink_loop(void **state) {
  scratch *dir = *state;
  char first[4096], second[4096];
  snprintf(first, sizeof first, "%s", scratch_path(dir, "first.py"));
  snprintf(second, sizeof second, "%s", scratch_path(dir, "second.py"));
  assert_int_equal(symlink(second, first), 0);
  assert_int_equal(symlink(first, second), 0);
  assert_read_fails(first, "too many levels of symbolic links");
}

static void test_symlink_to_file_is_read(void **state) {
  scratch *dir = *state;
  char target[4096], link[4096];
  snprintf(target, sizeof target, "%s", scratch_path(dir, "target.py"));
  snprintf(link, sizeof link, "%s", scratch_path(dir, "link.py"));
  write_bytes(target, "pass\n", 5);
  assert_int_equal(symlink("target.py", link), 0);

  hl_file_contents contents;
  hotlint_error error;
  assert_true(hl_read_file(link, &contents, &error));
  assert_int_equal(contents.length, 5);
  assert_string_equal(contents.data, "pass\n");
  hl_file_contents_free(&contents);
}

static void test_unreadable_file(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "secret.py");
  write_bytes(path, "x = 1\n", 6);
  assert_int_equal(chmod(path, 0), 0);
  /* root ignores permission bits: nothing to check there */
  if (geteuid() == 0)
    skip();
  assert_read_fails(path, "permission denied");
}

static void test_error_may_be_null(void **state) {
  scratch *dir = *state;
  hl_file_contents contents;
  assert_false(hl_read_file(scratch_path(dir, "missing.py"), &contents, NULL));
  assert_null(contents.data);
}

/* Runs hl_read_source("-", max_size) with standard input replaced by fd. */
static hl_read_status read_stdin_limited(int fd, uint64_t max_size,
                                         hl_file_contents *contents,
                                         hotlint_error *error) {
  int saved_stdin = dup(STDIN_FILENO);
  assert_true(saved_stdin >= 0);
  assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  hl_read_status status = hl_read_source("-", max_size, contents, error);
  assert_int_equal(dup2(saved_stdin, STDIN_FILENO), STDIN_FILENO);
  close(saved_stdin);
  return status;
}

/* hl_read_file("-") with standard input replaced by fd. */
static bool read_stdin_from(int fd, hl_file_contents *contents,
                            hotlint_error *error) {
  return read_stdin_limited(fd, 0, contents, error) == HL_READ_OK;
}

static void test_stdin_from_file(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "stdin.py");
  write_bytes(path, "import os\n", 10);
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);

  hl_file_contents contents;
  hotlint_error error;
  assert_true(read_stdin_from(fd, &contents, &error));
  close(fd);
  assert_int_equal(contents.length, 10);
  assert_string_equal(contents.data, "import os\n");
  hl_file_contents_free(&contents);
}

/* Standard input as a non-blocking pipe whose writer is slow and writes more
 * than one buffer: read until EOF, waiting when there is nothing yet. */
static void test_stdin_nonblocking_pipe(void **state) {
  (void)state;
  enum { CHUNK = 50000, CHUNKS = 4 };
  int pipe_fds[2];
  assert_int_equal(pipe(pipe_fds), 0);
  assert_int_equal(fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK), 0);

  pid_t writer = fork();
  assert_true(writer >= 0);
  if (writer == 0) {
    close(pipe_fds[0]);
    static char chunk[CHUNK];
    for (int i = 0; i < CHUNKS; i++) {
      memset(chunk, 'a' + i, sizeof chunk);
      usleep(20000);
      size_t written = 0;
      while (written < sizeof chunk) {
        ssize_t n = write(pipe_fds[1], chunk + written, sizeof chunk - written);
        if (n < 0 && errno != EINTR)
          _exit(1);
        if (n > 0)
          written += (size_t)n;
      }
    }
    _exit(0);
  }
  close(pipe_fds[1]);

  alarm(BLOCKING_TIMEOUT_SECONDS);
  hl_file_contents contents;
  hotlint_error error;
  bool ok = read_stdin_from(pipe_fds[0], &contents, &error);
  alarm(0);
  close(pipe_fds[0]);
  int status;
  assert_int_equal(waitpid(writer, &status, 0), writer);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  assert_true(ok);
  assert_int_equal(contents.length, CHUNK * CHUNKS);
  for (size_t i = 0; i < contents.length; i++) {
    if (contents.data[i] != 'a' + (int)(i / CHUNK))
      fail_msg("byte %zu is '%c'", i, contents.data[i]);
  }
  assert_int_equal(contents.data[contents.length], '\0');
  hl_file_contents_free(&contents);
}

/* max-file-size: a file over the limit is not read and the notice names it
 * with both sizes; one exactly at the limit is read; 0 is no limit. */
static void test_size_limit(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "big.py");
  static char bytes[2500];
  memset(bytes, 'x', sizeof bytes);
  write_bytes(path, bytes, sizeof bytes);
  hl_file_contents contents;
  hotlint_error error;
  assert_int_equal(hl_read_source(path, 2000, &contents, &error),
                   HL_READ_TOO_LARGE);
  assert_null(contents.data);
  char expected[4200];
  snprintf(expected, sizeof expected,
           "%s: skipped: 2.5 KB is larger than max-file-size (2 KB)", path);
  assert_string_equal(error.message, expected);
  assert_int_equal(hl_read_source(path, 2500, &contents, &error), HL_READ_OK);
  assert_int_equal(contents.length, 2500);
  hl_file_contents_free(&contents);
  assert_int_equal(hl_read_source(path, 0, &contents, &error), HL_READ_OK);
  hl_file_contents_free(&contents);
  /* a missing file is still a read error, not a size notice */
  assert_int_equal(
      hl_read_source(scratch_path(dir, "missing.py"), 10, &contents, &error),
      HL_READ_FAILED);
}

/* Standard input has no size to look at first: reading stops once it
 * passes the limit. */
static void test_size_limit_stdin(void **state) {
  scratch *dir = *state;
  const char *path = scratch_path(dir, "stdin.py");
  static char bytes[300000];
  memset(bytes, 'y', sizeof bytes);
  write_bytes(path, bytes, sizeof bytes);
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  hl_file_contents contents;
  hotlint_error error;
  hl_read_status status = read_stdin_limited(fd, 100000, &contents, &error);
  close(fd);
  assert_int_equal(status, HL_READ_TOO_LARGE);
  assert_null(contents.data);
  assert_non_null(strstr(error.message, "-: skipped: over "));
  assert_non_null(strstr(error.message, "larger than max-file-size (100 KB)"));
}

static void test_error_from_errno(void **state) {
  (void)state;
  hotlint_error error;
  hl_read_error_from_errno(&error, "src/a.py", EACCES);
  assert_string_equal(error.message,
                      "cannot read 'src/a.py': permission denied");
  hl_read_error_from_errno(&error, "x", ENOENT);
  assert_string_equal(error.message,
                      "cannot read 'x': no such file or directory");
}

#define SCRATCH_TEST(function)                                                 \
  cmocka_unit_test_setup_teardown(function, scratch_setup, scratch_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      SCRATCH_TEST(test_regular_file),
      SCRATCH_TEST(test_empty_file),
      SCRATCH_TEST(test_file_with_nul_bytes),
      SCRATCH_TEST(test_large_file),
      cmocka_unit_test(test_file_larger_than_its_stat_size),
      SCRATCH_TEST(test_directory),
      SCRATCH_TEST(test_fifo_does_not_block),
      cmocka_unit_test(test_device),
      SCRATCH_TEST(test_missing_file),
      SCRATCH_TEST(test_not_a_directory_in_path),
      SCRATCH_TEST(test_dangling_symlink),
      SCRATCH_TEST(test_symlink_loop),
      SCRATCH_TEST(test_symlink_to_file_is_read),
      SCRATCH_TEST(test_unreadable_file),
      SCRATCH_TEST(test_error_may_be_null),
      SCRATCH_TEST(test_stdin_from_file),
      cmocka_unit_test(test_stdin_nonblocking_pipe),
      cmocka_unit_test(test_error_from_errno),
      cmocka_unit_test_setup_teardown(test_size_limit, scratch_setup,
                                      scratch_teardown),
      cmocka_unit_test_setup_teardown(test_size_limit_stdin, scratch_setup,
                                      scratch_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
