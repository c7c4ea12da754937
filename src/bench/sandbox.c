/* The benchmark sandbox (bench/sandbox.h). */
#define _GNU_SOURCE 1
#include "bench/sandbox.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "base/strbuf.h"
#include "source/write.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { FILE_SIZE_LIMIT = 64 << 20 };

hl_sandbox_limits hl_sandbox_default_limits(void) {
  hl_sandbox_limits limits = {
      .timeout_ms = 120000,
      .cpu_seconds = 120,
      .memory_bytes = (uint64_t)2 << 30,
      .output_bytes = 1 << 20,
  };
  return limits;
}

void hl_sandbox_result_free(hl_sandbox_result *result) {
  hl_free(result->output);
  hl_free(result->errors);
  memset(result, 0, sizeof *result);
}

static long elapsed_ms(uint64_t start_ns) {
  return (long)((hl_monotonic_ns() - start_ns) / 1000000u);
}

static int remove_entry(const char *path, const struct stat *info, int flag,
                        struct FTW *ftw) {
  (void)info;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}

/* Removes a directory and everything in it (what the script left). */
static void remove_tree(const char *dir) {
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct capture {
  hl_strbuf text;
  bool open;
} capture;

/* Runs argv[0] with argv and envp in `dir` under `limits`; the child's
 * stdout and stderr go to result. */
static bool run_child(char *const argv[], char *const envp[], const char *dir,
                      const hl_sandbox_limits *limits,
                      hl_sandbox_result *result, hotlint_error *error) {
  memset(result, 0, sizeof *result);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    snprintf(error->message, sizeof error->message, "cannot create a pipe: %s",
             strerror(errno));
    return false;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    snprintf(error->message, sizeof error->message, "cannot create a pipe: %s",
             strerror(errno));
    close(out_pipe[0]);
    close(out_pipe[1]);
    return false;
  }
  struct rlimit cpu = {limits->cpu_seconds, limits->cpu_seconds + 1};
  struct rlimit memory = {limits->memory_bytes, limits->memory_bytes};
  struct rlimit file_size = {FILE_SIZE_LIMIT, FILE_SIZE_LIMIT};
  struct rlimit no_core = {0, 0};
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(error->message, sizeof error->message, "cannot fork: %s",
             strerror(errno));
    close(out_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[0]);
    close(err_pipe[1]);
    return false;
  }
  if (pid == 0) {
    /* the child: only async-signal-safe calls until exec */
    setpgid(0, 0);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out_pipe[1], 1) < 0 ||
        dup2(err_pipe[1], 2) < 0 || (dir && chdir(dir) != 0) ||
        setrlimit(RLIMIT_CPU, &cpu) != 0 ||
        setrlimit(RLIMIT_AS, &memory) != 0 ||
        setrlimit(RLIMIT_FSIZE, &file_size) != 0 ||
        setrlimit(RLIMIT_CORE, &no_core) != 0)
      _exit(126);
    close_range(3, ~0u, 0);
    execve(argv[0], argv, envp);
    _exit(127);
  }
  setpgid(pid, pid); /* also here: no window before the child does it */
  close(out_pipe[1]);
  close(err_pipe[1]);

  capture streams[2] = {{{0}, true}, {{0}, true}};
  int fds[2] = {out_pipe[0], err_pipe[0]};
  uint64_t start = hl_monotonic_ns();
  bool killed = false;
  while (streams[0].open || streams[1].open) {
    long left = (long)limits->timeout_ms - elapsed_ms(start);
    if (left <= 0 && !killed) {
      result->timed_out = true;
      kill(-pid, SIGKILL);
      killed = true;
    }
    struct pollfd polls[2];
    nfds_t count = 0;
    int which[2];
    for (int s = 0; s < 2; s++)
      if (streams[s].open) {
        polls[count].fd = fds[s];
        polls[count].events = POLLIN;
        which[count++] = s;
      }
    int ready =
        poll(polls, count, killed ? 1000 : (int)(left < 1000 ? left : 1000));
    if (ready < 0 && errno != EINTR)
      break;
    for (nfds_t i = 0; ready > 0 && i < count; i++) {
      if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      capture *stream = &streams[which[i]];
      char buffer[65536];
      ssize_t n = read(polls[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        stream->open = false;
        continue;
      }
      size_t room = limits->output_bytes > stream->text.len
                        ? limits->output_bytes - stream->text.len
                        : 0;
      hl_strbuf_append(&stream->text, buffer,
                       (size_t)n < room ? (size_t)n : room);
      if ((size_t)n > room && !killed) {
        result->output_truncated = true;
        kill(-pid, SIGKILL);
        killed = true;
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  kill(-pid, SIGKILL); /* anything the script left running */
  if (WIFEXITED(status)) {
    result->exited = true;
    result->exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result->signal = WTERMSIG(status);
  }
  result->output_length = streams[0].text.len;
  result->output =
      streams[0].text.data ? hl_strbuf_detach(&streams[0].text) : hl_strdup("");
  result->errors_length = streams[1].text.len;
  result->errors =
      streams[1].text.data ? hl_strbuf_detach(&streams[1].text) : hl_strdup("");
  return true;
}

bool hl_sandbox_run(const char *python, const char *script, size_t length,
                    const hl_sandbox_limits *limits, hl_sandbox_result *result,
                    hotlint_error *error) {
  memset(result, 0, sizeof *result);
  if (python[0] != '/' || access(python, X_OK) != 0) {
    snprintf(error->message, sizeof error->message,
             "cannot run the interpreter '%s': %s", python,
             python[0] != '/' ? "not an absolute path" : strerror(errno));
    return false;
  }
  const char *tmp = getenv("TMPDIR");
  hl_strbuf dir = {0};
  hl_strbuf_printf(&dir, "%s/hotlint-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  char *dir_path = hl_strbuf_detach(&dir);
  if (!mkdtemp(dir_path)) {
    snprintf(error->message, sizeof error->message,
             "cannot create a directory for the benchmark: %s",
             strerror(errno));
    hl_free(dir_path);
    return false;
  }
  hl_strbuf path = {0};
  hl_strbuf_printf(&path, "%s/bench.py", dir_path);
  int fd = open(hl_strbuf_cstr(&path), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                0600);
  bool ok = fd >= 0 && hl_write_all(fd, script, length);
  if (fd >= 0)
    ok = close(fd) == 0 && ok;
  if (!ok) {
    snprintf(error->message, sizeof error->message,
             "cannot write the benchmark script: %s", strerror(errno));
  } else {
    char *argv[] = {(char *)python, "-I", "bench.py", NULL};
    char *envp[] = {NULL};
    ok = run_child(argv, envp, dir_path, limits, result, error);
  }
  remove_tree(dir_path);
  hl_strbuf_free(&path);
  hl_free(dir_path);
  return ok;
}

/* name (no '/') looked up on PATH, or the path itself. */
static bool resolve_command(const char *name, char *out, size_t size) {
  if (strchr(name, '/')) {
    if (access(name, X_OK) != 0)
      return false;
    if (name[0] == '/')
      snprintf(out, size, "%s", name);
    else if (!realpath(name, out))
      return false;
    return true;
  }
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  while (*path) {
    const char *end = strchr(path, ':');
    size_t length = end ? (size_t)(end - path) : strlen(path);
    if (length > 0 &&
        (size_t)snprintf(out, size, "%.*s/%s", (int)length, path, name) <
            size &&
        access(out, X_OK) == 0)
      return true;
    path += length + (end ? 1 : 0);
  }
  return false;
}

bool hl_python_identify(const char *requested, hl_python *python,
                        hotlint_error *error) {
  const char *name = requested ? requested : "python3";
  char command[4096];
  if (!resolve_command(name, command, sizeof command)) {
    snprintf(error->message, sizeof error->message,
             "no Python interpreter '%s'%s", name,
             strchr(name, '/') ? "" : " on PATH");
    return false;
  }
  /* A fixed program, run with the caller's environment (launchers such as
   * pyenv's need it); the benchmarks then use the real executable it names,
   * with an empty environment. */
  char *argv[] = {command, "-I", "-c",
                  "import sys; print(sys.executable); "
                  "print(sys.implementation.name, *sys.version_info[:3]); "
                  "print(' '.join(sys.version.split()))",
                  NULL};
  hl_sandbox_limits limits = hl_sandbox_default_limits();
  limits.timeout_ms = 20000;
  limits.output_bytes = 4096;
  hl_sandbox_result result;
  if (!run_child(argv, environ, NULL, &limits, &result, error))
    return false;
  char found[4096] = "", implementation[64] = "", build[256] = "";
  int major = 0, minor = 0, micro = 0;
  bool ok = result.exited && result.exit_status == 0 &&
            sscanf(result.output, "%4095[^\n]\n%63s %d %d %d\n%255[^\n]", found,
                   implementation, &major, &minor, &micro, build) == 6 &&
            found[0] == '/' && major == 3;
  hl_sandbox_result_free(&result);
  if (!ok) {
    snprintf(error->message, sizeof error->message,
             "'%.900s' is not a Python 3 interpreter", command);
    return false;
  }
  snprintf(python->executable, sizeof python->executable, "%s", found);
  snprintf(python->build, sizeof python->build, "%s", build);
  snprintf(python->version, sizeof python->version, "%.40s %d.%d.%d",
           strcmp(implementation, "cpython") == 0 ? "CPython"
           : strcmp(implementation, "pypy") == 0  ? "PyPy"
                                                  : implementation,
           major, minor, micro);
  return true;
}
