/* Discovery: from the paths named on the command line to the sorted, unique
 * list of Python files to check. Inside a git work tree the candidates come
 * from `git ls-files` (fork/execvp with an argv, never a shell) so that
 * .gitignore keeps git's own semantics; elsewhere an iterative directory
 * walk that never follows symlinked directories. Default and user excludes
 * apply on top of both. All state lives in one `discovery` value per call:
 * safe to run from several threads at once. */
#include "source/discover.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/strbuf.h"
#include "source/read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Directory names never descended into (ruff's default `exclude`), sorted
 * bytewise for bsearch. */
static const char *const default_excluded_dirs[] = {
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
};

/* A directory holding this file is a virtualenv: skipped whatever its name. */
#define VIRTUALENV_MARKER "pyvenv.cfg"

static const char *const python_extensions[] = {".py", ".pyi"};

static int compare_name_with_entry(const void *name, const void *entry) {
  return strcmp((const char *)name, *(const char *const *)entry);
}

bool hl_is_default_excluded_dir(const char *name) {
  return bsearch(name, default_excluded_dirs,
                 sizeof default_excluded_dirs / sizeof *default_excluded_dirs,
                 sizeof *default_excluded_dirs,
                 compare_name_with_entry) != NULL;
}

/* ---- Path strings -------------------------------------------------------- */

/* Returns a copy of path with empty and "." components dropped ("a//b" ->
 * "a/b", "./a" -> "a"); "" or "." alone become ".". ".." is kept: removing it
 * would change the meaning of a path through a symlink. Caller frees. */
static char *normalise_path(const char *path) {
  hl_strbuf normal = {0};
  if (path[0] == '/')
    hl_strbuf_putc(&normal, '/');
  const char *cursor = path;
  while (*cursor) {
    while (*cursor == '/')
      cursor++;
    const char *end = cursor;
    while (*end && *end != '/')
      end++;
    size_t length = (size_t)(end - cursor);
    bool is_dot = length == 1 && cursor[0] == '.';
    if (length && !is_dot) {
      if (normal.len && normal.data[normal.len - 1] != '/')
        hl_strbuf_putc(&normal, '/');
      hl_strbuf_append(&normal, cursor, length);
    }
    cursor = end;
  }
  if (!normal.len)
    hl_strbuf_putc(&normal, '.');
  return hl_strbuf_detach(&normal);
}

/* Returns "dir/name" for a normalised dir ("." contributes nothing, "/" no
 * extra slash), so joined paths stay normalised. Caller frees. */
static char *join_path(const char *dir, const char *name, size_t name_length) {
  hl_strbuf joined = {0};
  if (strcmp(dir, ".") != 0) {
    hl_strbuf_puts(&joined, dir);
    if (joined.data[joined.len - 1] != '/')
      hl_strbuf_putc(&joined, '/');
  }
  hl_strbuf_append(&joined, name, name_length);
  return hl_strbuf_detach(&joined);
}

static bool has_python_extension(const char *name, size_t length) {
  for (size_t i = 0; i < sizeof python_extensions / sizeof *python_extensions;
       i++) {
    size_t extension_length = strlen(python_extensions[i]);
    /* A stem is required: ".py" alone is a hidden file, not a module. */
    if (length > extension_length &&
        memcmp(name + length - extension_length, python_extensions[i],
               extension_length) == 0)
      return true;
  }
  return false;
}

static bool is_dot_or_dot_dot(const char *name) {
  return name[0] == '.' &&
         (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* ---- One discovery run --------------------------------------------------- */

typedef struct discovery {
  const hl_discover_options *options;
  HL_ARRAY(char *) patterns; /* user excludes, normalised copies (owned) */
  HL_ARRAY(char *) paths;    /* files found, normalised (owned) */
  HL_ARRAY(char *) errors;   /* messages (owned) */
} discovery;

static void add_errno_error(discovery *run, const char *path, int errnum) {
  hotlint_error error;
  hl_read_error_from_errno(&error, path, errnum);
  hl_array_push(&run->errors, hl_strdup(error.message));
}

/* True if a user pattern matches the entry's own name, its path relative
 * to the root being searched, or its path as it will be written. */
static bool matches_user_exclude(const discovery *run, const char *name,
                                 const char *relative, const char *written) {
  for (size_t i = 0; i < run->patterns.count; i++) {
    const char *pattern = run->patterns.items[i];
    if (fnmatch(pattern, name, 0) == 0 || fnmatch(pattern, relative, 0) == 0 ||
        fnmatch(pattern, written, 0) == 0)
      return true;
  }
  return false;
}

static bool is_virtualenv(const char *dir_path) {
  char *marker =
      join_path(dir_path, VIRTUALENV_MARKER, strlen(VIRTUALENV_MARKER));
  struct stat info;
  bool found = stat(marker, &info) == 0;
  hl_free(marker);
  return found;
}

/* The exclusion test for one directory below a root (the walk and the git
 * list both use it): default names, user patterns, virtualenvs. */
static bool directory_is_excluded(const discovery *run, const char *name,
                                  const char *relative, const char *written) {
  return hl_is_default_excluded_dir(name) ||
         matches_user_exclude(run, name, relative, written) ||
         is_virtualenv(written);
}

/* ---- The walk (outside git) ---------------------------------------------- */

typedef enum entry_kind { ENTRY_OTHER, ENTRY_FILE, ENTRY_DIRECTORY } entry_kind;

/* Classifies a directory entry without following a symlinked directory: a
 * symlink counts as a file if it points at a regular file, otherwise it is
 * skipped (that is what keeps the walk free of loops). */
static entry_kind classify_entry(int dir_fd, const struct dirent *entry) {
#ifdef DT_UNKNOWN
  if (entry->d_type == DT_REG)
    return ENTRY_FILE;
  if (entry->d_type == DT_DIR)
    return ENTRY_DIRECTORY;
  if (entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN)
    return ENTRY_OTHER;
#endif
  struct stat info;
  if (fstatat(dir_fd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0)
    return ENTRY_OTHER;
  if (S_ISDIR(info.st_mode))
    return ENTRY_DIRECTORY;
  if (S_ISLNK(info.st_mode) && fstatat(dir_fd, entry->d_name, &info, 0) != 0)
    return ENTRY_OTHER; /* dangling */
  return S_ISREG(info.st_mode) ? ENTRY_FILE : ENTRY_OTHER;
}

typedef struct pending_directory {
  char *path;     /* as written, normalised (owned) */
  char *relative; /* relative to the root; "" for the root itself (owned) */
} pending_directory;

/* Adds every Python file under root (normalised), depth first with an
 * explicit stack. Unreadable subdirectories become errors. */
static void walk_directory(discovery *run, const char *root) {
  HL_ARRAY(pending_directory) stack = {0};
  pending_directory first = {hl_strdup(root), hl_strdup("")};
  hl_array_push(&stack, first);

  while (stack.count) {
    pending_directory current = hl_array_pop(&stack);
    DIR *handle = opendir(current.path);
    if (!handle) {
      add_errno_error(run, current.path, errno);
    } else {
      int dir_fd = dirfd(handle);
      struct dirent *entry;
      while ((entry = readdir(handle)) != NULL) {
        const char *name = entry->d_name;
        if (is_dot_or_dot_dot(name))
          continue;
        size_t name_length = strlen(name);
        entry_kind kind = classify_entry(dir_fd, entry);
        /* Cheap name checks first: no allocation for the common skips. */
        if (kind == ENTRY_OTHER ||
            (kind == ENTRY_FILE && !has_python_extension(name, name_length)) ||
            (kind == ENTRY_DIRECTORY && hl_is_default_excluded_dir(name)))
          continue;
        char *relative = join_path(current.relative[0] ? current.relative : ".",
                                   name, name_length);
        char *written = join_path(current.path, name, name_length);
        bool excluded =
            kind == ENTRY_DIRECTORY
                ? directory_is_excluded(run, name, relative, written)
                : matches_user_exclude(run, name, relative, written);
        if (excluded) {
          hl_free(relative);
          hl_free(written);
        } else if (kind == ENTRY_FILE) {
          hl_free(relative);
          hl_array_push(&run->paths, written);
        } else {
          pending_directory child = {written, relative};
          hl_array_push(&stack, child);
        }
      }
      closedir(handle);
    }
    hl_free(current.path);
    hl_free(current.relative);
  }
  hl_array_free(&stack);
}

/* ---- git ----------------------------------------------------------------- */

/* Runs git with argv (argv[0] is "git"), stdin and stderr on /dev/null,
 * collecting stdout. Returns true if git ran and exited with status 0. */
static bool run_git(char *const argv[], hl_strbuf *output) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0)
    return false;
  fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);

  pid_t child = fork();
  if (child == 0) {
    /* Only async-signal-safe calls between fork and exec. */
    if (null_fd >= 0) {
      dup2(null_fd, STDIN_FILENO);
      dup2(null_fd, STDERR_FILENO);
    }
    dup2(pipe_fds[1], STDOUT_FILENO);
    execvp(argv[0], argv);
    _exit(127);
  }
  close(pipe_fds[1]);
  if (null_fd >= 0)
    close(null_fd);
  if (child < 0) {
    close(pipe_fds[0]);
    return false;
  }

  bool read_ok = true;
  char chunk[16384];
  for (;;) {
    ssize_t got = read(pipe_fds[0], chunk, sizeof chunk);
    if (got > 0)
      hl_strbuf_append(output, chunk, (size_t)got);
    else if (got == 0)
      break;
    else if (errno != EINTR) {
      read_ok = false;
      break;
    }
  }
  close(pipe_fds[0]);

  int status;
  pid_t waited;
  do {
    waited = waitpid(child, &status, 0);
  } while (waited < 0 && errno == EINTR);
  return read_ok && waited == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

static bool is_inside_git_work_tree(const char *dir) {
  char *const argv[] = {
      "git", "-C", (char *)dir, "rev-parse", "--is-inside-work-tree", NULL};
  hl_strbuf output = {0};
  bool inside =
      run_git(argv, &output) && strcmp(hl_strbuf_cstr(&output), "true\n") == 0;
  hl_strbuf_free(&output);
  return inside;
}

/* Remembers the verdicts on the leading directories of the previous git
 * entry, so that sorted entries sharing directories have each directory
 * judged (and stat'ed for pyvenv.cfg) once, not once per file. */
typedef struct directory_verdicts {
  hl_strbuf directory;           /* relative directory of the last entry */
  HL_ARRAY(size_t) checked_ends; /* end offset of each judged component */
  bool last_excluded; /* the last judged component is excluded (judging
                         stops at the first excluded one) */
} directory_verdicts;

/* True if a directory in relative[0, dir_length) is excluded. */
static bool git_entry_directory_is_excluded(const discovery *run,
                                            const char *root,
                                            directory_verdicts *verdicts,
                                            const char *relative,
                                            size_t dir_length) {
  size_t kept = 0;
  while (kept < verdicts->checked_ends.count) {
    size_t end = verdicts->checked_ends.items[kept];
    if (end > dir_length || (end < dir_length && relative[end] != '/') ||
        memcmp(relative, verdicts->directory.data, end) != 0)
      break;
    kept++;
  }
  if (kept == verdicts->checked_ends.count && verdicts->last_excluded)
    return true;
  verdicts->checked_ends.count = kept;
  verdicts->last_excluded = false;
  hl_strbuf_clear(&verdicts->directory);
  hl_strbuf_append(&verdicts->directory, relative, dir_length);

  size_t start = kept ? verdicts->checked_ends.items[kept - 1] + 1 : 0;
  while (start < dir_length) {
    size_t end = start;
    while (end < dir_length && relative[end] != '/')
      end++;
    hl_array_push(&verdicts->checked_ends, end);
    char *name = hl_strndup(relative + start, end - start);
    char *prefix = hl_strndup(relative, end);
    char *written = join_path(root, prefix, end);
    bool excluded = directory_is_excluded(run, name, prefix, written);
    hl_free(name);
    hl_free(prefix);
    hl_free(written);
    if (excluded) {
      verdicts->last_excluded = true;
      return true;
    }
    start = end + 1;
  }
  return false;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the Python files git lists under root (normalised): tracked and
 * untracked-but-not-ignored, minus excludes and files deleted from disk.
 * Returns false, having added nothing, if root is not in a git work tree or
 * git cannot run; the caller then walks the directory instead. */
static bool collect_git_files(discovery *run, const char *root) {
  if (!is_inside_git_work_tree(root))
    return false;
  char *const argv[] = {"git", "-C",       (char *)root, "ls-files",
                        "-z",  "--cached", "--others",   "--exclude-standard",
                        "--",  ".",        NULL};
  hl_strbuf output = {0};
  if (!run_git(argv, &output)) {
    hl_strbuf_free(&output);
    return false;
  }

  /* Entries are relative to root, NUL-separated; sorted so that entries of
   * one directory are neighbours for directory_verdicts. */
  HL_ARRAY(const char *) entries = {0};
  for (size_t start = 0; start < output.len;) {
    const char *entry = output.data + start;
    size_t length = strlen(entry);
    if (length)
      hl_array_push(&entries, entry);
    start += length + 1;
  }
  if (entries.count)
    qsort(entries.items, entries.count, sizeof *entries.items, compare_strings);

  directory_verdicts verdicts = {0};
  for (size_t i = 0; i < entries.count; i++) {
    const char *relative = entries.items[i];
    size_t length = strlen(relative);
    const char *slash = strrchr(relative, '/');
    const char *name = slash ? slash + 1 : relative;
    if (!has_python_extension(name, strlen(name)))
      continue;
    size_t dir_length = slash ? (size_t)(slash - relative) : 0;
    if (git_entry_directory_is_excluded(run, root, &verdicts, relative,
                                        dir_length))
      continue;
    char *written = join_path(root, relative, length);
    struct stat info;
    /* Still in the index but deleted (or replaced by a directory). */
    bool on_disk = stat(written, &info) == 0 && S_ISREG(info.st_mode);
    if (on_disk && !matches_user_exclude(run, name, relative, written))
      hl_array_push(&run->paths, written);
    else
      hl_free(written);
  }
  hl_strbuf_free(&verdicts.directory);
  hl_array_free(&verdicts.checked_ends);
  hl_array_free(&entries);
  hl_strbuf_free(&output);
  return true;
}

/* ---- Paths named explicitly ---------------------------------------------- */

/* Returns the current directory (caller frees), or NULL. */
static char *current_directory(void) {
  size_t size = 256;
  for (;;) {
    char *buffer = hl_malloc(size);
    if (getcwd(buffer, size))
      return buffer;
    hl_free(buffer);
    if (errno != ERANGE)
      return NULL;
    size *= 2;
  }
}

/* The part of a normalised path that exclusion judges: the path as written,
 * except that an absolute path below the current directory loses that
 * prefix, so a project that happens to live under ".../build/" is not
 * excluded wholesale. Returns a pointer into written. */
static const char *judged_part(const char *written) {
  if (written[0] != '/')
    return written;
  char *cwd = current_directory();
  const char *judged = written;
  if (cwd) {
    size_t cwd_length = strlen(cwd);
    if (strcmp(cwd, "/") == 0)
      judged = written + 1;
    else if (strncmp(written, cwd, cwd_length) == 0 &&
             written[cwd_length] == '/')
      judged = written + cwd_length + 1;
    hl_free(cwd);
  }
  return judged;
}

/* With force_exclude, a named path is excluded as a walked one would be:
 * each of its directories and itself are judged by name, by the path so far
 * and (directories) as virtualenvs; "." and ".." are never judged. */
static bool named_path_is_excluded(const discovery *run, const char *written,
                                   bool is_directory) {
  const char *judged = judged_part(written);
  size_t length = strlen(judged);
  size_t start = 0;
  bool excluded = false;
  while (!excluded && start < length) {
    size_t end = start;
    while (end < length && judged[end] != '/')
      end++;
    if (end > start) {
      char *name = hl_strndup(judged + start, end - start);
      /* From the start of written, so that an absolute path is stat'ed
       * (pyvenv.cfg) where it is, whatever the judged part. */
      char *prefix = hl_strndup(written, (size_t)(judged - written) + end);
      const char *relative = prefix + (judged - written);
      bool judged_as_directory = end < length || is_directory;
      if (!is_dot_or_dot_dot(name))
        excluded = judged_as_directory
                       ? directory_is_excluded(run, name, relative, prefix)
                       : matches_user_exclude(run, name, relative, prefix);
      hl_free(name);
      hl_free(prefix);
    }
    start = end + 1;
  }
  return excluded;
}

static void discover_named_path(discovery *run, const char *path) {
  struct stat info;
  if (stat(path, &info) != 0) {
    add_errno_error(run, path, errno);
    return;
  }
  char *written = normalise_path(path);
  bool is_directory = S_ISDIR(info.st_mode);
  if (run->options->force_exclude &&
      named_path_is_excluded(run, written, is_directory)) {
    hl_free(written);
    return;
  }
  size_t length = strlen(written);
  bool python_name = (length > 3 && !strcmp(written + length - 3, ".py")) ||
                     (length > 4 && !strcmp(written + length - 4, ".pyi"));
  if (!is_directory || python_name) {
    /* Named explicitly: checked whatever its extension. A directory named
     * like a Python file was given as a file: reading it reports that. */
    hl_array_push(&run->paths, written);
    return;
  }
  if (!(run->options->use_git && collect_git_files(run, written)))
    walk_directory(run, written);
  hl_free(written);
}

/* ---- Entry points -------------------------------------------------------- */

void hl_discover(const char *const *paths, size_t path_count,
                 const hl_discover_options *options, hl_discovered *out) {
  static const hl_discover_options no_options = {0};
  discovery run = {.options = options ? options : &no_options};
  for (size_t i = 0; i < run.options->exclude_count; i++)
    hl_array_push(&run.patterns, normalise_path(run.options->exclude[i]));

  for (size_t i = 0; i < path_count; i++)
    discover_named_path(&run, paths[i]);

  /* Sorted bytewise, then unique. */
  if (run.paths.count)
    qsort(run.paths.items, run.paths.count, sizeof *run.paths.items,
          compare_strings);
  size_t unique = 0;
  for (size_t i = 0; i < run.paths.count; i++) {
    if (unique && strcmp(run.paths.items[unique - 1], run.paths.items[i]) == 0)
      hl_free(run.paths.items[i]);
    else
      run.paths.items[unique++] = run.paths.items[i];
  }

  out->paths = run.paths.items;
  out->path_count = unique;
  out->errors = run.errors.items;
  out->error_count = run.errors.count;
  for (size_t i = 0; i < run.patterns.count; i++)
    hl_free(run.patterns.items[i]);
  hl_array_free(&run.patterns);
}

void hl_discovered_free(hl_discovered *discovered) {
  for (size_t i = 0; i < discovered->path_count; i++)
    hl_free(discovered->paths[i]);
  for (size_t i = 0; i < discovered->error_count; i++)
    hl_free(discovered->errors[i]);
  hl_free(discovered->paths);
  hl_free(discovered->errors);
  discovered->paths = NULL;
  discovered->errors = NULL;
  discovered->path_count = 0;
  discovered->error_count = 0;
}
