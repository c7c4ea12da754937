/* Discovery: turns the paths given on the command line into the sorted list
 * of Python files to check. Inside a git work tree candidates come from
 * `git ls-files -z --cached --others --exclude-standard` (run as an argv,
 * never through a shell), so .gitignore has git's own semantics; outside one
 * a plain directory walk (iterative, no recursion). Default excludes and
 * user excludes apply on top; a file named explicitly is kept unless
 * force_exclude. Owns the lists it returns. */
#ifndef HOTLINT_SOURCE_DISCOVER_H
#define HOTLINT_SOURCE_DISCOVER_H

#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hl_discover_options {
  const char *const *exclude; /* glob patterns (fnmatch, '*' also matches
                                 '/', as ruff's globs): one matches a path
                                 component, the path relative to the root
                                 being searched, or the path as written;
                                 excluded directories are not descended */
  size_t exclude_count;
  bool force_exclude; /* exclude even paths named explicitly */
  bool use_git;       /* consult git ls-files when in a work tree */
} hl_discover_options;

typedef struct hl_discovered {
  char **paths; /* sorted, unique; as the user would write them */
  size_t path_count;
  char **errors; /* "cannot read 'x': no such file or directory" */
  size_t error_count;
} hl_discovered;

/* Fills `out` (zero it first). Problems with individual paths go to
 * out->errors; discovery itself does not fail. */
void hl_discover(const char *const *paths, size_t path_count,
                 const hl_discover_options *options, hl_discovered *out);
void hl_discovered_free(hl_discovered *discovered);

/* True for the directory names never descended into by default (.git,
 * __pycache__, .venv, venv, build, dist, node_modules, .tox, .nox,
 * site-packages, ...). */
bool hl_is_default_excluded_dir(const char *name);

#endif
