/* Unit tests for src/source/discover.c: the walk (nested packages, symlinks,
 * default excludes, virtualenvs), user excludes (by component, glob and
 * relative path), explicitly named paths and --force-exclude, sorting,
 * de-duplication and normalisation, errors for missing paths, and git work
 * trees (.gitignore obeyed through git ls-files). Each test runs inside a
 * fresh directory under /tmp (the current directory while it runs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "source/discover.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT_OF(array) (sizeof(array) / sizeof *(array))

typedef struct scratch {
  char previous_directory[PATH_MAX];
  char directory[64]; /* absolute, from mkdtemp; the current directory */
} scratch;

static int scratch_setup(void **state) {
  scratch *dir = hl_calloc(1, sizeof *dir);
  snprintf(dir->directory, sizeof dir->directory,
           "/tmp/hotlint-discover-XXXXXX");
  if (!getcwd(dir->previous_directory, sizeof dir->previous_directory) ||
      !mkdtemp(dir->directory) || chdir(dir->directory) != 0) {
    hl_free(dir);
    return -1;
  }
  *state = dir;
  return 0;
}

static int scratch_teardown(void **state) {
  scratch *dir = *state;
  if (chdir(dir->previous_directory) != 0)
    return -1;
  char command[256];
  snprintf(command, sizeof command, "chmod -R u+rwx '%s'; rm -rf '%s'",
           dir->directory, dir->directory);
  int status = system(command);
  hl_free(dir);
  return status == 0 ? 0 : -1;
}

/* Creates the directories leading to path (relative), like mkdir -p. */
static void make_parents(const char *path) {
  char partial[PATH_MAX];
  snprintf(partial, sizeof partial, "%s", path);
  for (char *slash = strchr(partial, '/'); slash;
       slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    if (mkdir(partial, 0755) != 0 && errno != EEXIST)
      fail_msg("mkdir %s: %s", partial, strerror(errno));
    *slash = '/';
  }
}

/* Creates each file (and its directories); a name ending in '/' makes an
 * empty directory. */
static void make_tree(const char *const *paths, size_t count) {
  for (size_t i = 0; i < count; i++) {
    make_parents(paths[i]);
    size_t length = strlen(paths[i]);
    if (paths[i][length - 1] == '/')
      continue;
    FILE *file = fopen(paths[i], "w");
    if (!file)
      fail_msg("create %s: %s", paths[i], strerror(errno));
    fprintf(file, "# %s\n", paths[i]);
    fclose(file);
  }
}

#define MAKE_TREE(...)                                                         \
  do {                                                                         \
    const char *const tree_[] = {__VA_ARGS__};                                 \
    make_tree(tree_, COUNT_OF(tree_));                                         \
  } while (0)

static void print_list(const char *title, char *const *items, size_t count) {
  fprintf(stderr, "%s (%zu):\n", title, count);
  for (size_t i = 0; i < count; i++)
    fprintf(stderr, "  %s\n", items[i]);
}

/* Asserts the exact list (order included); prints both lists on mismatch. */
static void assert_list(const char *what, char *const *actual,
                        size_t actual_count, const char *const *expected,
                        size_t expected_count) {
  bool same = actual_count == expected_count;
  for (size_t i = 0; same && i < actual_count; i++)
    same = strcmp(actual[i], expected[i]) == 0;
  if (!same) {
    print_list("expected", (char *const *)expected, expected_count);
    print_list("actual", actual, actual_count);
    fail_msg("%s differ", what);
  }
}

/* Runs discovery and checks the files and the errors found, exactly. */
static void check_discovery(const hl_discover_options *options,
                            const char *const *roots, size_t root_count,
                            const char *const *expected_paths,
                            size_t expected_path_count,
                            const char *const *expected_errors,
                            size_t expected_error_count) {
  hl_discovered found = {0};
  hl_discover(roots, root_count, options, &found);
  assert_list("paths", found.paths, found.path_count, expected_paths,
              expected_path_count);
  assert_list("errors", found.errors, found.error_count, expected_errors,
              expected_error_count);
  hl_discovered_free(&found);
  assert_null(found.paths);
  assert_int_equal(found.path_count, 0);
}

/* The arguments are arrays (not pointers): their lengths are taken here. */
#define ASSERT_DISCOVERS(options, roots, expected_paths, expected_errors)      \
  check_discovery((options), (roots), COUNT_OF(roots), (expected_paths),       \
                  COUNT_OF(expected_paths), (expected_errors),                 \
                  COUNT_OF(expected_errors))
#define ASSERT_DISCOVERS_NO_ERRORS(options, roots, expected_paths)             \
  check_discovery((options), (roots), COUNT_OF(roots), (expected_paths),       \
                  COUNT_OF(expected_paths), NULL, 0)

static const hl_discover_options walk_only = {.use_git = false};

/* ---- The walk ------------------------------------------------------------ */

static void test_walk_nested_packages(void **state) {
  scratch *dir = *state;
  MAKE_TREE("a.py", "b.pyi", "notes.txt", "script", ".py", "pkg/__init__.py",
            "pkg/data.json", "pkg/sub/mod.py", "pkg/sub/deep/x.py",
            "pkg/sub/deep/y.pyc", ".hidden/h.py", "empty/");

  const char *const here[] = {"."};
  const char *const expected[] = {
      ".hidden/h.py",      "a.py",          "b.pyi", "pkg/__init__.py",
      "pkg/sub/deep/x.py", "pkg/sub/mod.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, here, expected);

  /* As the user wrote the directory, with or without a slash. */
  const char *const pkg_slash[] = {"pkg/"};
  const char *const pkg_files[] = {"pkg/__init__.py", "pkg/sub/deep/x.py",
                                   "pkg/sub/mod.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, pkg_slash, pkg_files);
  const char *const pkg_plain[] = {"pkg"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, pkg_plain, pkg_files);

  /* Absolute roots give absolute paths. */
  char absolute_root[128], first[160], second[160];
  snprintf(absolute_root, sizeof absolute_root, "%s/pkg/sub", dir->directory);
  snprintf(first, sizeof first, "%s/pkg/sub/deep/x.py", dir->directory);
  snprintf(second, sizeof second, "%s/pkg/sub/mod.py", dir->directory);
  const char *const absolute[] = {absolute_root};
  const char *const absolute_files[] = {first, second};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, absolute, absolute_files);

  /* NULL options mean no excludes and no git. */
  const char *const deep[] = {"pkg/sub/deep"};
  const char *const deep_files[] = {"pkg/sub/deep/x.py"};
  ASSERT_DISCOVERS_NO_ERRORS(NULL, deep, deep_files);
}

static void test_walk_symlinks(void **state) {
  (void)state;
  MAKE_TREE("pkg/a.py", "other/b.py");
  assert_int_equal(symlink("../other", "pkg/linked_dir"), 0); /* not followed */
  assert_int_equal(symlink("..", "pkg/loop"), 0);             /* not followed */
  assert_int_equal(symlink("a.py", "pkg/alias.py"), 0);       /* a file: kept */
  assert_int_equal(symlink("missing.py", "pkg/dangling.py"), 0); /* skipped */

  const char *const roots[] = {"pkg"};
  const char *const expected[] = {"pkg/a.py", "pkg/alias.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, roots, expected);

  /* A symlinked directory named on the command line is followed. */
  const char *const link_root[] = {"pkg/linked_dir"};
  const char *const link_files[] = {"pkg/linked_dir/b.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, link_root, link_files);
}

static void test_default_excluded_names(void **state) {
  (void)state;
  const char *const names[] = {
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
  /* Every name is found: also proves the table is sorted for bsearch. */
  for (size_t i = 0; i < COUNT_OF(names); i++) {
    if (!hl_is_default_excluded_dir(names[i]))
      fail_msg("'%s' should be excluded by default", names[i]);
  }
  const char *const kept[] = {"",      "src",     "Build",    "builds",
                              "buil",  ".gi",     ".gitx",    "venvs",
                              "tests", ".github", "__init__", "a"};
  for (size_t i = 0; i < COUNT_OF(kept); i++) {
    if (hl_is_default_excluded_dir(kept[i]))
      fail_msg("'%s' should not be excluded", kept[i]);
  }
}

static void test_walk_default_excludes(void **state) {
  (void)state;
  MAKE_TREE("src/ok.py", "src/__pycache__/ok.cpython-312.py",
            ".venv/lib/python3.12/site.py", "venv/x.py", "build/gen.py",
            "dist/d.py", "node_modules/n.py", ".git/hooks/h.py",
            "src/.tox/t.py", "src/build.py", "src/builder/keep.py",
            /* a virtualenv under any name */
            "myenv/pyvenv.cfg", "myenv/lib/python3.12/site-packages/s.py",
            "myenv/bin/activate.py",
            /* pyvenv.cfg as a file is what counts, not a similar name */
            "almost/pyvenv.cfg.bak", "almost/a.py");
  const char *const here[] = {"."};
  const char *const expected[] = {"almost/a.py", "src/build.py",
                                  "src/builder/keep.py", "src/ok.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, here, expected);

  /* A default-excluded or virtualenv directory named explicitly is
   * searched (only its own contents' names are judged). */
  const char *const build[] = {"build", "myenv/bin"};
  const char *const build_files[] = {"build/gen.py", "myenv/bin/activate.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, build, build_files);
}

static void test_walk_user_excludes(void **state) {
  (void)state;
  MAKE_TREE("pkg/a.py", "pkg/api_pb2.py", "pkg/api_pb2.pyi", "tests/test_a.py",
            "tests/fixtures/f.py", "tests/fixtures/g/h.py", "tests/data/d.py",
            "other/tests/data/kept.py", "gen/x.py", "pkg/gen/y.py",
            "pkg/migrations/0001_initial.py");
  const char *const patterns[] = {"fixtures", "*_pb2.py", "tests/data",
                                  "pkg/gen", "migrations/*"};
  hl_discover_options options = {.exclude = patterns,
                                 .exclude_count = COUNT_OF(patterns)};
  const char *const here[] = {"."};
  /* "fixtures" matches a component anywhere; "*_pb2.py" a name (the .pyi
   * stays); "tests/data" and "pkg/gen" paths relative to the root (so
   * other/tests/data and gen/ stay). The last pattern is a near miss: it is
   * neither a name nor a path from the root, so the migration stays. */
  const char *const expected[] = {
      "gen/x.py",        "other/tests/data/kept.py",       "pkg/a.py",
      "pkg/api_pb2.pyi", "pkg/migrations/0001_initial.py", "tests/test_a.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, here, expected);

  /* Run from pkg/ on "..": the paths as written change ("../tests/data"),
   * but patterns also match the path relative to the root, so the same
   * files are excluded. */
  assert_int_equal(chdir("pkg"), 0);
  const char *const up[] = {".."};
  const char *const expected_from_pkg[] = {"../gen/x.py",
                                           "../other/tests/data/kept.py",
                                           "../pkg/a.py",
                                           "../pkg/api_pb2.pyi",
                                           "../pkg/migrations/0001_initial.py",
                                           "../tests/test_a.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, up, expected_from_pkg);
  assert_int_equal(chdir(".."), 0);

  /* On root "pkg", "pkg/gen" is not a path relative to the root ("gen")
   * but it is the path as written: `hotlint check pkg --exclude pkg/gen`.
   * And relative to pkg, the migration's path does start "migrations/". */
  const char *const pkg[] = {"pkg"};
  const char *const expected_in_pkg[] = {"pkg/a.py", "pkg/api_pb2.pyi"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, pkg, expected_in_pkg);

  /* Patterns are normalised like paths: "./tests/data/" is "tests/data".
   * fnmatch's star crosses '/' (as ruff's globs do), so the second pattern
   * takes pkg/gen/y.py and the migration too, but not the .pyi. */
  const char *const written_patterns[] = {"./tests/data/", "pkg/*.py"};
  hl_discover_options written = {.exclude = written_patterns,
                                 .exclude_count = COUNT_OF(written_patterns)};
  const char *const expected_written[] = {"gen/x.py",
                                          "other/tests/data/kept.py",
                                          "pkg/api_pb2.pyi",
                                          "tests/fixtures/f.py",
                                          "tests/fixtures/g/h.py",
                                          "tests/test_a.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&written, here, expected_written);
}

static void test_named_files_and_force_exclude(void **state) {
  (void)state;
  MAKE_TREE("build/gen.py", "x_pb2.py", "notes.txt", "pkg/a.py",
            "pkg/fixtures/f.py", "script", "env/pyvenv.cfg", "env/e.py");
  const char *const patterns[] = {"*_pb2.py", "fixtures"};
  hl_discover_options options = {.exclude = patterns,
                                 .exclude_count = COUNT_OF(patterns)};
  const char *const named[] = {"build/gen.py", "x_pb2.py",          "notes.txt",
                               "script",       "pkg/fixtures/f.py", "env/e.py"};
  /* Named explicitly: kept, excluded or not, whatever the extension. */
  const char *const all_named[] = {"build/gen.py",      "env/e.py", "notes.txt",
                                   "pkg/fixtures/f.py", "script",   "x_pb2.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, named, all_named);

  /* force_exclude: default names, virtualenvs and user patterns apply to
   * named paths (and to their directories) too. */
  options.force_exclude = true;
  const char *const not_excluded[] = {"notes.txt", "script"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, named, not_excluded);

  /* A named directory: searched unless itself excluded under force. */
  const char *const dirs[] = {"build", "pkg/fixtures", "pkg"};
  const char *const pkg_only[] = {"pkg/a.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, dirs, pkg_only);
  options.force_exclude = false;
  const char *const searched[] = {"build/gen.py", "pkg/a.py",
                                  "pkg/fixtures/f.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, dirs, searched);
}

static void test_force_exclude_absolute_path(void **state) {
  (void)state;
  /* The project lives under a directory named "build": only the part of
   * an absolute path below the current directory is judged. */
  MAKE_TREE("build/proj/a.py", "build/proj/dist/b.py");
  assert_int_equal(chdir("build/proj"), 0);
  char cwd[PATH_MAX], a[PATH_MAX + 16], b[PATH_MAX + 16];
  assert_non_null(getcwd(cwd, sizeof cwd));
  snprintf(a, sizeof a, "%s/a.py", cwd);
  snprintf(b, sizeof b, "%s/dist/b.py", cwd);
  hl_discover_options options = {.force_exclude = true};
  const char *const named[] = {a, b};
  const char *const expected[] = {a};
  ASSERT_DISCOVERS_NO_ERRORS(&options, named, expected);
}

static void test_sorting_dedup_normalisation(void **state) {
  (void)state;
  MAKE_TREE("a.py", "pkg/m.py", "pkg/Z.py", "pkg/_private.py", "B.py",
            "pkg-extra/e.py", "pkg.py");
  const char *const roots[] = {
      "pkg/",         ".",     "./a.py",   "a.py",
      ".//pkg//m.py", "pkg//", "././B.py", "pkg/./Z.py"};
  /* Bytewise order: uppercase before '-' < '.' < '/' < '_' < lowercase. */
  const char *const expected[] = {"B.py",    "a.py",     "pkg-extra/e.py",
                                  "pkg.py",  "pkg/Z.py", "pkg/_private.py",
                                  "pkg/m.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&walk_only, roots, expected);
}

static void test_missing_paths_are_errors(void **state) {
  (void)state;
  MAKE_TREE("a.py", "file.py");
  assert_int_equal(symlink("nowhere.py", "dangling.py"), 0);
  const char *const roots[] = {"nope.py", "a.py", "gone/", "dangling.py",
                               "file.py/x.py"};
  const char *const expected_paths[] = {"a.py"};
  const char *const expected_errors[] = {
      "cannot read 'nope.py': no such file or directory",
      "cannot read 'gone/': no such file or directory",
      "cannot read 'dangling.py': a dangling symbolic link (to 'nowhere.py')",
      "cannot read 'file.py/x.py': not a directory"};
  ASSERT_DISCOVERS(&walk_only, roots, expected_paths, expected_errors);
}

static void test_unreadable_directory_is_an_error(void **state) {
  (void)state;
  MAKE_TREE("ok/a.py", "locked/b.py");
  assert_int_equal(chmod("locked", 0), 0);
  if (geteuid() == 0) /* root reads it anyway */
    skip();
  const char *const here[] = {"."};
  const char *const expected_paths[] = {"ok/a.py"};
  const char *const expected_errors[] = {
      "cannot read 'locked': permission denied"};
  ASSERT_DISCOVERS(&walk_only, here, expected_paths, expected_errors);
}

/* ---- git ----------------------------------------------------------------- */

/* Runs a shell command in the current directory; fails the test if it does. */
static void shell(const char *command) {
  int status = system(command);
  if (status != 0)
    fail_msg("'%s' exited with %d", command, status);
}

/* Makes git ignore the user's and the system's configuration, and any
 * repository the test itself runs in (a hook sets GIT_DIR). Skips the test
 * when git is not installed. */
static void use_hermetic_git(void) {
  unsetenv("GIT_DIR");
  unsetenv("GIT_WORK_TREE");
  unsetenv("GIT_INDEX_FILE");
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  if (system("git --version >/dev/null 2>&1") != 0)
    skip();
}

#define GIT_COMMIT                                                             \
  "git -c user.name=test -c user.email=test@example.com "                      \
  "-c commit.gpgsign=false commit -q -m test"

static void test_git_work_tree(void **state) {
  (void)state;
  use_hermetic_git();
  shell("git init -q .");
  MAKE_TREE(".gitignore", "a.py", "removed.py", "pkg/tracked.py");
  FILE *gitignore = fopen(".gitignore", "w");
  assert_non_null(gitignore);
  fputs("gen/\n*_gen.py\n", gitignore);
  fclose(gitignore);
  shell("git add .gitignore a.py removed.py pkg/tracked.py && " GIT_COMMIT);
  assert_int_equal(unlink("removed.py"), 0); /* deleted, still in the index */

  MAKE_TREE("new.py",                         /* untracked, not ignored */
            "gen/g.py", "pkg/x_gen.py",       /* ignored by .gitignore */
            "pkg/y.py", "pkg/notes.txt",      /* untracked */
            ".venv/lib/v.py",                 /* default exclude */
            "env/pyvenv.cfg", "env/lib/e.py", /* virtualenv */
            "pkg/build/z.py", "pkg/builder/z.py", "pkg/b.py", "pkg/b/c.py",
            "docs/conf.py", "docs/api/x.py");
  const char *const patterns[] = {"docs"};
  hl_discover_options options = {.exclude = patterns,
                                 .exclude_count = COUNT_OF(patterns),
                                 .use_git = true};

  const char *const here[] = {"."};
  const char *const from_git[] = {
      "a.py",           "new.py",  "pkg/b.py", "pkg/b/c.py", "pkg/builder/z.py",
      "pkg/tracked.py", "pkg/y.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, here, from_git);

  /* A subdirectory: git's paths are joined with it as written. */
  const char *const pkg[] = {"pkg/"};
  const char *const pkg_files[] = {"pkg/b.py", "pkg/b/c.py", "pkg/builder/z.py",
                                   "pkg/tracked.py", "pkg/y.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, pkg, pkg_files);

  /* Without git the ignored files come back: proof git was asked. */
  options.use_git = false;
  const char *const walked[] = {
      "a.py",           "gen/g.py",     "new.py",
      "pkg/b.py",       "pkg/b/c.py",   "pkg/builder/z.py",
      "pkg/tracked.py", "pkg/x_gen.py", "pkg/y.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, here, walked);
}

static void test_git_not_a_work_tree_falls_back(void **state) {
  (void)state;
  use_hermetic_git();
  /* /tmp/hotlint-discover-XXXXXX is in no repository (unless /tmp is):
   * use_git must quietly fall back to the walk. */
  if (system("git rev-parse --is-inside-work-tree >/dev/null 2>&1") == 0)
    skip();
  MAKE_TREE("a.py", "gen/g.py");
  hl_discover_options options = {.use_git = true};
  const char *const here[] = {"."};
  const char *const expected[] = {"a.py", "gen/g.py"};
  ASSERT_DISCOVERS_NO_ERRORS(&options, here, expected);
}

#define SCRATCH_TEST(function)                                                 \
  cmocka_unit_test_setup_teardown(function, scratch_setup, scratch_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      SCRATCH_TEST(test_walk_nested_packages),
      SCRATCH_TEST(test_walk_symlinks),
      cmocka_unit_test(test_default_excluded_names),
      SCRATCH_TEST(test_walk_default_excludes),
      SCRATCH_TEST(test_walk_user_excludes),
      SCRATCH_TEST(test_named_files_and_force_exclude),
      SCRATCH_TEST(test_force_exclude_absolute_path),
      SCRATCH_TEST(test_sorting_dedup_normalisation),
      SCRATCH_TEST(test_missing_paths_are_errors),
      SCRATCH_TEST(test_unreadable_directory_is_an_error),
      SCRATCH_TEST(test_git_work_tree),
      SCRATCH_TEST(test_git_not_a_work_tree_falls_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
