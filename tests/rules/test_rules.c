/* Rule tests, run against the rules compiled into the binary:
 * - every rule's `tests:` snippets, with ast-grep's four outcomes: a valid
 *   snippet is "validated" (no finding) or "noisy", an invalid one
 *   "reported" or "missing"; a rule without both lists fails;
 * - every fixture tests/fixtures/rules/HOTnnn*.py: the lines carrying
 *   `# expect: HOTnnn [level]` must be exactly the lines where the rule's
 *   findings start, with that hotness when one is given. A first line
 *   `# hotlint-test: target-version=pyXY` sets the target version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "base/array.h"
#include "hotlint/hotlint.h"
#include "rules/rule.h"
#include "source/read.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct suite {
  hotlint_engine *engine;
  hotlint_checker *checker;
  bool *enabled;
} suite;

static suite the_suite;

static hotlint_result *check_only(size_t rule, const char *path,
                                  const char *source, size_t length,
                                  int target) {
  size_t count = hotlint_engine_rule_count(the_suite.engine);
  for (size_t i = 0; i < count; i++)
    the_suite.enabled[i] = i == rule;
  hotlint_check_options options = {target, the_suite.enabled};
  return hotlint_check(the_suite.checker, path, source, length, &options);
}

/* ---- Snippets ----------------------------------------------------------- */

typedef struct snippet_case {
  size_t rule;
  const hl_rule *data;
} snippet_case;

/* The YAML rule again, for its test lists (the public API does not expose
 * them). */
static hl_rule *load_rule_file(const char *origin) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", getenv("HOTLINT_SOURCE_DIR"), origin);
  hl_file_contents contents;
  hotlint_error error;
  if (!hl_read_file(path, &contents, &error)) {
    fail_msg("%s", error.message);
    return NULL;
  }
  hl_rule *rule = hl_rule_parse(origin, contents.data, contents.length, &error);
  hl_file_contents_free(&contents);
  if (!rule)
    fail_msg("%s", error.message);
  return rule;
}

static void run_snippets(void **state) {
  size_t index = (size_t)(uintptr_t)*state;
  const hotlint_rule_info *info = hotlint_engine_rule(the_suite.engine, index);
  hl_rule *rule = load_rule_file(info->origin);
  assert_non_null(rule);
  int failures = 0;
  if (!rule->valid.count || !rule->invalid.count) {
    print_error("%s: tests need both valid: and invalid: snippets\n",
                info->code);
    failures++;
  }
  for (int list = 0; list < 2; list++) {
    const hl_string_list *snippets = list ? &rule->invalid : &rule->valid;
    for (size_t i = 0; i < snippets->count; i++) {
      const char *text = snippets->items[i];
      hotlint_result *result = check_only(
          index, "snippet.py", text, strlen(text), rule->tests_target_minor);
      size_t found = hotlint_result_count(result);
      const char *outcome = list ? (found ? "reported" : "missing")
                                 : (found ? "noisy" : "validated");
      bool good = list ? found > 0 : found == 0;
      if (!good) {
        failures++;
        print_error("%s %s #%zu: %s\n%s\n", info->code,
                    list ? "invalid" : "valid", i + 1, outcome, text);
        for (size_t f = 0; f < found; f++) {
          const hotlint_finding *finding = hotlint_result_finding(result, f);
          print_error("  finding at %u:%u: %s\n", finding->start.line,
                      finding->start.column, finding->message);
        }
      }
      hotlint_result_delete(result);
    }
  }
  print_message("%s: %zu validated/noisy, %zu reported/missing, %d failing\n",
                info->code, rule->valid.count, rule->invalid.count, failures);
  hl_rule_delete(rule);
  assert_int_equal(failures, 0);
}

/* ---- Fixtures ----------------------------------------------------------- */

typedef struct expectation {
  uint32_t line;
  int level; /* -1 any */
  bool seen;
} expectation;

static int parse_level(const char *word) {
  if (!strncmp(word, "hot", 3))
    return HOTLINT_HOT;
  if (!strncmp(word, "warm", 4))
    return HOTLINT_WARM;
  if (!strncmp(word, "cold", 4))
    return HOTLINT_COLD;
  return -1;
}

static void run_fixture(void **state) {
  const char *name = *state;
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/fixtures/rules/%s",
           getenv("HOTLINT_SOURCE_DIR"), name);
  char code[16];
  size_t n = 0;
  while (name[n] && name[n] != '-' && name[n] != '.' && n < sizeof code - 1)
    n++;
  memcpy(code, name, n);
  code[n] = '\0';
  long rule = hotlint_engine_find_rule(the_suite.engine, code);
  if (rule < 0)
    fail_msg("%s: no rule %s", name, code);
  hl_file_contents contents;
  hotlint_error error;
  if (!hl_read_file(path, &contents, &error))
    fail_msg("%s", error.message);
  int target = 0;
  const char *directive = "# hotlint-test: target-version=";
  if (!strncmp(contents.data, directive, strlen(directive)))
    target = hl_parse_target_version(contents.data + strlen(directive));
  if (target < 0) {
    /* the version is followed by a newline: parse up to it */
    char version[8] = {0};
    sscanf(contents.data + strlen(directive), "%7s", version);
    target = hl_parse_target_version(version);
  }
  HL_ARRAY(expectation) expected = {0};
  uint32_t line = 1;
  for (const char *p = contents.data; *p; p++) {
    if (*p == '\n') {
      line++;
      continue;
    }
    if (!strncmp(p, "# expect: ", 10)) {
      const char *word = p + 10;
      if (strncmp(word, code, strlen(code)) != 0)
        continue;
      word += strlen(code);
      while (*word == ' ')
        word++;
      expectation e = {line, parse_level(word), false};
      hl_array_push(&expected, e);
    }
  }
  hotlint_result *result =
      check_only((size_t)rule, name, contents.data, contents.length, target);
  int failures = 0;
  for (size_t i = 0; i < hotlint_result_count(result); i++) {
    const hotlint_finding *finding = hotlint_result_finding(result, i);
    bool matched = false;
    for (size_t k = 0; k < expected.count; k++) {
      expectation *e = &expected.items[k];
      if (e->line != finding->start.line)
        continue;
      matched = true;
      e->seen = true;
      if (e->level >= 0 && (int)finding->hotness != e->level) {
        failures++;
        print_error("%s:%u: %s is %s, expected %s (%s)\n", name, e->line, code,
                    hotlint_hotness_name(finding->hotness),
                    hotlint_hotness_name((hotlint_hotness)e->level),
                    finding->reason_count ? finding->reasons[0] : "");
      }
    }
    if (!matched) {
      failures++;
      print_error("%s:%u:%u: unexpected %s: %s\n", name, finding->start.line,
                  finding->start.column, code, finding->message);
    }
  }
  for (size_t k = 0; k < expected.count; k++) {
    if (!expected.items[k].seen) {
      failures++;
      print_error("%s:%u: expected %s, nothing reported\n", name,
                  expected.items[k].line, code);
    }
  }
  print_message("%s: %zu expected findings, %d failing\n", name, expected.count,
                failures);
  hl_array_free(&expected);
  hotlint_result_delete(result);
  hl_file_contents_free(&contents);
  assert_int_equal(failures, 0);
}

/* ---- Main --------------------------------------------------------------- */

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  if (!getenv("HOTLINT_SOURCE_DIR")) {
    fprintf(stderr, "HOTLINT_SOURCE_DIR is not set\n");
    return 1;
  }
  hotlint_error error;
  the_suite.engine = hotlint_engine_new();
  if (!hotlint_engine_load_builtin_rules(the_suite.engine, &error) ||
      !hotlint_engine_compile(the_suite.engine, &error)) {
    fprintf(stderr, "%s\n", error.message);
    return 1;
  }
  the_suite.checker = hotlint_checker_new(the_suite.engine);
  size_t rule_count = hotlint_engine_rule_count(the_suite.engine);
  the_suite.enabled = hl_calloc(rule_count, sizeof(bool));

  HL_ARRAY(char *) fixtures = {0};
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/fixtures/rules",
           getenv("HOTLINT_SOURCE_DIR"));
  DIR *handle = opendir(dir);
  struct dirent *entry;
  while (handle && (entry = readdir(handle))) {
    size_t length = strlen(entry->d_name);
    if (length > 3 && !strcmp(entry->d_name + length - 3, ".py"))
      hl_array_push(&fixtures, hl_strdup(entry->d_name));
  }
  if (handle)
    closedir(handle);
  qsort(fixtures.items, fixtures.count, sizeof(char *), compare_names);

  size_t test_count = rule_count + fixtures.count;
  struct CMUnitTest *tests = hl_calloc(test_count, sizeof *tests);
  char **names = hl_calloc(test_count, sizeof(char *));
  for (size_t i = 0; i < rule_count; i++) {
    const hotlint_rule_info *info = hotlint_engine_rule(the_suite.engine, i);
    names[i] = hl_malloc(64);
    snprintf(names[i], 64, "snippets/%s", info->code);
    tests[i].name = names[i];
    tests[i].test_func = run_snippets;
    tests[i].initial_state = (void *)(uintptr_t)i;
  }
  for (size_t i = 0; i < fixtures.count; i++) {
    size_t t = rule_count + i;
    names[t] = hl_malloc(strlen(fixtures.items[i]) + 16);
    sprintf(names[t], "fixture/%s", fixtures.items[i]);
    tests[t].name = names[t];
    tests[t].test_func = run_fixture;
    tests[t].initial_state = fixtures.items[i];
  }
  int failed = _cmocka_run_group_tests("rules", tests, test_count, NULL, NULL);

  for (size_t i = 0; i < test_count; i++)
    hl_free(names[i]);
  hl_free(names);
  hl_free(tests);
  for (size_t i = 0; i < fixtures.count; i++)
    hl_free(fixtures.items[i]);
  hl_array_free(&fixtures);
  hl_free(the_suite.enabled);
  hotlint_checker_delete(the_suite.checker);
  hotlint_engine_delete(the_suite.engine);
  return failed ? 1 : 0;
}
