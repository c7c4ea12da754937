/* `check --since REV`: the lines added or changed since a revision. See
 * since.h. */
#include "cli/since.h"

#include "base/alloc.h"
#include "base/strbuf.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs git with `argv` (argv[0] is "git"), collecting stdout and stderr.
 * Returns its exit status, or -1 when it could not be started. */
static int run_git(char *const argv[], hl_strbuf *out, hl_strbuf *err) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0)
    return -1;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  pid_t pid;
  int spawned = posix_spawnp(&pid, "git", &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return -1;
  }
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  hl_strbuf *sinks[2] = {out, err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open_count--;
      } else {
        hl_strbuf_append(sinks[i], buffer, (size_t)n);
      }
    }
  }
  for (int i = 0; i < 2; i++)
    if (fds[i].fd >= 0)
      close(fds[i].fd);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The first line of git's complaint, without "fatal: ". */
static void first_line(const hl_strbuf *err, char *out, size_t size) {
  const char *text = err->len ? hl_strbuf_cstr(err) : "";
  if (!strncmp(text, "fatal: ", 7))
    text += 7;
  size_t n = strcspn(text, "\n");
  snprintf(out, size, "%.*s", (int)(n > 400 ? 400 : n), text);
}

static int compare_files(const void *a, const void *b) {
  return strcmp(((const hl_changed_file *)a)->path,
                ((const hl_changed_file *)b)->path);
}

static hl_changed_file *add_file(hl_since *since, const char *relative,
                                 size_t length) {
  hl_strbuf path = {0};
  hl_strbuf_printf(&path, "%s/%.*s", since->top, (int)length, relative);
  hl_changed_file file;
  memset(&file, 0, sizeof file);
  file.path = hl_strbuf_detach(&path);
  hl_array_push(&since->files, file);
  return &since->files.items[since->files.count - 1];
}

/* git quotes unusual paths ("a\tb.py" with C escapes); decodes them. */
static size_t unquote(const char *text, size_t length, char *out) {
  if (length < 2 || text[0] != '"' || text[length - 1] != '"') {
    memcpy(out, text, length);
    return length;
  }
  size_t n = 0;
  for (size_t i = 1; i + 1 < length; i++) {
    char c = text[i];
    if (c == '\\' && i + 2 < length) {
      char e = text[++i];
      if (e >= '0' && e <= '7' && i + 2 < length) {
        int value =
            (e - '0') * 64 + (text[i + 1] - '0') * 8 + (text[i + 2] - '0');
        i += 2;
        c = (char)value;
      } else {
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      }
    }
    out[n++] = c;
  }
  return n;
}

void hl_since_parse_diff(hl_since *since, const char *diff, size_t length) {
  hl_changed_file *current = NULL;
  const char *line = diff, *end = diff + length;
  while (line < end) {
    const char *next = memchr(line, '\n', (size_t)(end - line));
    size_t n = next ? (size_t)(next - line) : (size_t)(end - line);
    if (n >= 4 && !memcmp(line, "+++ ", 4)) {
      const char *name = line + 4;
      size_t name_length = n - 4;
      current = NULL;
      if (name_length >= 2 && !memcmp(name, "b/", 2)) {
        char *decoded = hl_malloc(name_length + 1);
        size_t decoded_length = unquote(name + 2, name_length - 2, decoded);
        current = add_file(since, decoded, decoded_length);
        hl_free(decoded);
      } else if (name_length >= 3 && name[0] == '"' && name[1] == 'b' &&
                 name[2] == '/') {
        /* "b/a b.py": quoted with the prefix inside */
        char *decoded = hl_malloc(name_length + 1);
        size_t decoded_length = unquote(name, name_length, decoded);
        current = add_file(since, decoded + 2, decoded_length - 2);
        hl_free(decoded);
      } /* "+++ /dev/null": a deleted file has no new lines */
    } else if (current && n >= 3 && !memcmp(line, "@@ ", 3)) {
      /* @@ -a[,b] +c[,d] @@ */
      const char *plus = memchr(line, '+', n);
      if (plus) {
        char *after;
        unsigned long first = strtoul(plus + 1, &after, 10);
        unsigned long count = 1;
        if (*after == ',')
          count = strtoul(after + 1, NULL, 10);
        if (count > 0 && first > 0 && first <= UINT32_MAX) {
          unsigned long last = first + count - 1;
          hl_line_range range = {
              (uint32_t)first, last > UINT32_MAX ? UINT32_MAX : (uint32_t)last};
          hl_array_push(&current->ranges, range);
        }
      }
    }
    line = next ? next + 1 : end;
  }
}

bool hl_since_load(const char *revision, hl_since *since,
                   hotlint_error *error) {
  memset(since, 0, sizeof *since);
  hl_strbuf out = {0}, err = {0};
  char reason[512];
  char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
  int status = run_git(top_argv, &out, &err);
  if (status != 0) {
    if (status < 0)
      snprintf(error->message, sizeof error->message,
               "--since needs git, and git could not be run: %s",
               strerror(errno));
    else {
      first_line(&err, reason, sizeof reason);
      snprintf(error->message, sizeof error->message,
               "--since %s: the current directory is not in a git "
               "repository (%s)",
               revision, reason);
    }
    hl_strbuf_free(&out);
    hl_strbuf_free(&err);
    return false;
  }
  size_t top_length = strcspn(hl_strbuf_cstr(&out), "\n");
  since->top = hl_strndup(hl_strbuf_cstr(&out), top_length);
  char *real = realpath(since->top, NULL);
  if (real) {
    hl_free(since->top);
    since->top = hl_strdup(real);
    free(real);
  }
  hl_strbuf_clear(&out);
  hl_strbuf_clear(&err);

  /* `--end-of-options` keeps a revision that starts with '-' from being
     read as an option */
  char *diff_argv[] = {"git",
                       "-c",
                       "core.quotePath=true",
                       "diff",
                       "--unified=0",
                       "--no-color",
                       "--no-ext-diff",
                       "--find-renames",
                       "--end-of-options",
                       (char *)revision,
                       "--",
                       NULL};
  status = run_git(diff_argv, &out, &err);
  if (status != 0) {
    first_line(&err, reason, sizeof reason);
    snprintf(error->message, sizeof error->message,
             "--since: git cannot compare with '%s': %s", revision,
             status < 0 ? strerror(errno) : reason);
    hl_strbuf_free(&out);
    hl_strbuf_free(&err);
    hl_since_free(since);
    return false;
  }
  hl_since_parse_diff(since, hl_strbuf_cstr(&out), out.len);

  /* files git does not know: all new (paths relative to the top) */
  hl_strbuf_clear(&out);
  hl_strbuf_clear(&err);
  char *untracked_argv[] = {"git",      "-C",       since->top,
                            "ls-files", "--others", "--exclude-standard",
                            "-z",       NULL};
  if (run_git(untracked_argv, &out, &err) == 0) {
    const char *p = hl_strbuf_cstr(&out), *stop = p + out.len;
    while (p < stop) {
      size_t n = strnlen(p, (size_t)(stop - p));
      if (n)
        add_file(since, p, n)->all_new = true;
      p += n + 1;
    }
  }
  hl_strbuf_free(&out);
  hl_strbuf_free(&err);
  if (since->files.count > 1)
    qsort(since->files.items, since->files.count, sizeof(hl_changed_file),
          compare_files);
  return true;
}

void hl_since_free(hl_since *since) {
  for (size_t i = 0; i < since->files.count; i++) {
    hl_free(since->files.items[i].path);
    hl_array_free(&since->files.items[i].ranges);
  }
  hl_array_free(&since->files);
  hl_free(since->top);
  memset(since, 0, sizeof *since);
}

const hl_changed_file *hl_since_file(const hl_since *since, const char *path) {
  char *real = realpath(path, NULL);
  if (!real)
    return NULL;
  hl_changed_file key;
  memset(&key, 0, sizeof key);
  key.path = real;
  const hl_changed_file *file =
      since->files.count ? bsearch(&key, since->files.items, since->files.count,
                                   sizeof(hl_changed_file), compare_files)
                         : NULL;
  free(real);
  return file;
}

bool hl_since_changed(const hl_changed_file *file, uint32_t line) {
  if (!file)
    return false;
  if (file->all_new)
    return true;
  for (size_t i = 0; i < file->ranges.count; i++)
    if (line >= file->ranges.items[i].first &&
        line <= file->ranges.items[i].last)
      return true;
  return false;
}
