/* Configuration: every key in both formats (pyproject.toml's
 * [tool.hotlint] through tree-sitter-toml, hotlint.yaml through libyaml),
 * the requires-python fallback, globs, and every error with its line and
 * column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config/config.h"

#include <string.h>

static hotlint_engine *engine_of(void **state) {
  return *state;
}

static int setup_engine(void **state) {
  hotlint_error error;
  hotlint_engine *engine = hotlint_engine_new();
  if (!hotlint_engine_load_builtin_rules(engine, &error) ||
      !hotlint_engine_compile(engine, &error)) {
    hotlint_engine_delete(engine);
    return -1;
  }
  *state = engine;
  return 0;
}

static int teardown_engine(void **state) {
  hotlint_engine_delete(*state);
  return 0;
}

static hl_config_status load(const char *name, const char *text,
                             hl_config *config, hotlint_error *error) {
  size_t n = strlen(name);
  bool yaml = n > 5 && !strcmp(name + n - 5, ".yaml");
  error->message[0] = '\0';
  return hl_config_load_text(name, "proj", yaml, text, strlen(text), config,
                             error);
}

/* Loads text that must fail and checks the whole message. */
static void expect_error(const char *name, const char *text,
                         const char *message) {
  hl_config config;
  hotlint_error error;
  assert_int_equal(load(name, text, &config, &error), HL_CONFIG_FAILED);
  assert_string_equal(error.message, message);
  hl_config_free(&config);
}

static const char full_toml[] =
    "[project]\n"
    "name = \"demo\"\n"
    "requires-python = \">=3.9\"\n"
    "\n"
    "[tool.hotlint]\n"
    "select = [\"HOT1\", 'HOT201']  # a comment\n"
    "extend-select = [\"HOT204\"]\n"
    "ignore = [\n"
    "  \"HOT102\",\n"
    "]\n"
    "exclude = [\"generated\"]\n"
    "extend-exclude = [\"legacy/*.py\"]\n"
    "target-version = \"py312\"\n"
    "hot-functions = [\"parse\", \"Parser.feed\", \"pkg/io.py:read\"]\n"
    "rules-dir = \"my rules\"\n"
    "per-file-ignores = { \"tests/*\" = [\"HOT101\"], \"a.py\" = [] }\n"
    "\n"
    "[tool.hotlint.rules.HOT101]\n"
    "hot-only = false\n"
    "\n"
    "[tool.hotlint.rules.\"HOT204\"]\n"
    "hot-only = true\n";

static void reads_every_key_from_pyproject(void **state) {
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("pyproject.toml", full_toml, &config, &error),
                   HL_CONFIG_LOADED);
  assert_true(config.has_select);
  assert_int_equal(config.select.count, 2);
  assert_string_equal(config.select.items[0].text, "HOT1");
  assert_int_equal(config.select.items[0].line, 6);
  assert_int_equal(config.select.items[0].column, 11);
  assert_string_equal(config.select.items[1].text, "HOT201");
  assert_string_equal(config.extend_select.items[0].text, "HOT204");
  assert_int_equal(config.ignore.count, 1);
  assert_string_equal(config.ignore.items[0].text, "HOT102");
  assert_int_equal(config.ignore.items[0].line, 9);
  assert_string_equal(config.exclude.items[0].text, "generated");
  assert_string_equal(config.extend_exclude.items[0].text, "legacy/*.py");
  assert_int_equal(config.target_minor, 12); /* target-version wins */
  assert_int_equal(config.hot_functions.count, 3);
  assert_string_equal(config.hot_functions.items[0].name, "parse");
  assert_null(config.hot_functions.items[0].path);
  assert_string_equal(config.hot_functions.items[1].name, "Parser.feed");
  assert_string_equal(config.hot_functions.items[2].name, "read");
  assert_string_equal(config.hot_functions.items[2].path, "pkg/io.py");
  assert_string_equal(config.hot_functions.items[0].reason,
                      "listed in `hot-functions` of pyproject.toml");
  assert_int_equal(config.rules_dirs.count, 1);
  assert_string_equal(config.rules_dirs.items[0].text, "my rules");
  assert_int_equal(config.per_file_ignores.count, 2);
  assert_string_equal(config.per_file_ignores.items[0].pattern.text, "tests/*");
  assert_string_equal(config.per_file_ignores.items[0].codes.items[0].text,
                      "HOT101");
  assert_int_equal(config.per_file_ignores.items[1].codes.count, 0);
  assert_int_equal(config.rules.count, 2);
  assert_string_equal(config.rules.items[1].code.text, "HOT204");
  assert_true(hl_config_check_rules(&config, engine_of(state), &error));
  size_t count = hotlint_engine_rule_count(engine_of(state));
  signed char *hot_only = test_malloc(count);
  hl_config_hot_only(&config, engine_of(state), hot_only);
  long hot101 = hotlint_engine_find_rule(engine_of(state), "HOT101");
  long hot204 = hotlint_engine_find_rule(engine_of(state), "HOT204");
  long hot201 = hotlint_engine_find_rule(engine_of(state), "HOT201");
  assert_int_equal(hot_only[hot101], 0);
  assert_int_equal(hot_only[hot204], 1);
  assert_int_equal(hot_only[hot201], -1);
  test_free(hot_only);
  hl_config_free(&config);
}

static const char full_yaml[] = "# hotlint.yaml\n"
                                "select: [HOT1, HOT201]\n"
                                "extend-select:\n"
                                "  - HOT204\n"
                                "ignore: [HOT102]\n"
                                "exclude: [generated]\n"
                                "extend-exclude: ['legacy/*.py']\n"
                                "target-version: py310\n"
                                "hot-functions: [parse, 'pkg/io.py:read']\n"
                                "rules-dir: [rules, more]\n"
                                "per-file-ignores:\n"
                                "  'tests/*': [HOT101]\n"
                                "rules:\n"
                                "  HOT101:\n"
                                "    hot-only: false\n";

static void reads_every_key_from_yaml(void **state) {
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("hotlint.yaml", full_yaml, &config, &error),
                   HL_CONFIG_LOADED);
  assert_int_equal(config.select.count, 2);
  assert_int_equal(config.select.items[1].line, 2);
  assert_int_equal(config.select.items[1].column, 16);
  assert_string_equal(config.extend_select.items[0].text, "HOT204");
  assert_int_equal(config.extend_select.items[0].line, 4);
  assert_string_equal(config.ignore.items[0].text, "HOT102");
  assert_string_equal(config.exclude.items[0].text, "generated");
  assert_string_equal(config.extend_exclude.items[0].text, "legacy/*.py");
  assert_int_equal(config.target_minor, 10);
  assert_int_equal(config.hot_functions.count, 2);
  assert_string_equal(config.hot_functions.items[1].path, "pkg/io.py");
  assert_string_equal(config.hot_functions.items[1].reason,
                      "listed in `hot-functions` of hotlint.yaml");
  assert_int_equal(config.rules_dirs.count, 2);
  assert_string_equal(config.per_file_ignores.items[0].pattern.text, "tests/*");
  assert_int_equal(config.rules.count, 1);
  assert_int_equal(config.rules.items[0].hot_only, 0);
  assert_true(hl_config_check_rules(&config, engine_of(state), &error));
  hl_config_free(&config);
}

static void pyproject_without_tool_hotlint_is_absent(void **state) {
  (void)state;
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("pyproject.toml",
                        "[project]\nname = \"x\"\n[tool.ruff]\nselect = []\n",
                        &config, &error),
                   HL_CONFIG_ABSENT);
  hl_config_free(&config);
  /* an empty [tool.hotlint] is a configuration */
  assert_int_equal(load("pyproject.toml", "[tool.hotlint]\n", &config, &error),
                   HL_CONFIG_LOADED);
  assert_false(config.has_select);
  assert_int_equal(config.target_minor, 0);
  hl_config_free(&config);
  /* dotted keys reach it too */
  assert_int_equal(load("pyproject.toml",
                        "tool.hotlint.select = [\"HOT101\"]\n", &config,
                        &error),
                   HL_CONFIG_LOADED);
  assert_int_equal(config.select.count, 1);
  hl_config_free(&config);
}

static void requires_python_is_the_fallback(void **state) {
  (void)state;
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("pyproject.toml",
                        "[project]\nrequires-python = \">=3.10\"\n"
                        "[tool.hotlint]\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_int_equal(config.target_minor, 10);
  hl_config_free(&config);
  assert_int_equal(load("pyproject.toml",
                        "[project]\nrequires-python = \">=3.6\"\n"
                        "[tool.hotlint]\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_int_equal(config.target_minor, 8); /* the oldest hotlint knows */
  hl_config_free(&config);
  assert_int_equal(hl_config_requires_python_minor(">=3.10"), 10);
  assert_int_equal(hl_config_requires_python_minor(">= 3.9, <4"), 9);
  assert_int_equal(hl_config_requires_python_minor("~=3.11.2"), 11);
  assert_int_equal(hl_config_requires_python_minor("==3.12.*"), 12);
  assert_int_equal(hl_config_requires_python_minor(">3.8,!=3.9.1"), 8);
  assert_int_equal(hl_config_requires_python_minor("<3.13"), 0);
  assert_int_equal(hl_config_requires_python_minor("3.10"), -1);
  assert_int_equal(hl_config_requires_python_minor(">=x"), -1);
  expect_error("pyproject.toml",
               "[project]\nrequires-python = \"3.10\"\n[tool.hotlint]\n",
               "pyproject.toml:2:19: invalid 'requires-python' '3.10': "
               "expected a version specifier such as '>=3.10'");
}

/* max-file-size and file-time-limit: numbers or strings with units, in
 * TOML and YAML; bad values name their place and what is expected. */
static void limits_are_read(void **state) {
  (void)state;
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("pyproject.toml",
                        "[tool.hotlint]\nmax-file-size = 2_000_000\n"
                        "file-time-limit = 2.5\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_true(config.has_max_file_size);
  assert_int_equal(config.max_file_size, 2000000);
  assert_true(config.has_file_time_limit);
  assert_int_equal(config.file_time_limit_ms, 2500);
  hl_config_free(&config);
  assert_int_equal(load("hotlint.yaml",
                        "max-file-size: 512KiB\nfile-time-limit: 250ms\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_int_equal(config.max_file_size, 524288);
  assert_int_equal(config.file_time_limit_ms, 250);
  hl_config_free(&config);
  assert_int_equal(load("hotlint.yaml", "select: []\n", &config, &error),
                   HL_CONFIG_LOADED);
  assert_false(config.has_max_file_size);
  assert_false(config.has_file_time_limit);
  hl_config_free(&config);

  expect_error("pyproject.toml", "[tool.hotlint]\nmax-file-size = \"10XB\"\n",
               "pyproject.toml:2:17: invalid 'max-file-size' '10XB': expected "
               "a size in bytes: a whole number, or a string such as \"10MB\" "
               "or \"512KiB\" (0: no limit)");
  expect_error("hotlint.yaml", "max-file-size: [1]\n",
               "hotlint.yaml:1:16: 'max-file-size' must be a size in bytes: a "
               "whole number, or a string such as \"10MB\" or \"512KiB\" (0: "
               "no limit), not an array");
  expect_error("hotlint.yaml", "file-time-limit: 5min\n",
               "hotlint.yaml:1:18: invalid 'file-time-limit' '5min': expected "
               "a number of seconds, or a string such as \"10s\" or \"500ms\" "
               "(0: no limit)");
  expect_error("pyproject.toml", "[tool.hotlint]\nfile-time-limit = -1\n",
               "pyproject.toml:2:19: invalid 'file-time-limit' '-1': expected "
               "a number of seconds, or a string such as \"10s\" or \"500ms\" "
               "(0: no limit)");
}

static void unknown_keys_are_errors(void **state) {
  (void)state;
  expect_error("pyproject.toml", "[tool.hotlint]\nselct = [\"HOT101\"]\n",
               "pyproject.toml:2:1: unknown key 'selct' in [tool.hotlint]");
  expect_error("hotlint.yaml", "select: []\n  # x\nextend_select: []\n",
               "hotlint.yaml:3:1: unknown key 'extend_select' in the "
               "configuration");
  expect_error("pyproject.toml",
               "[tool.hotlint.rules.HOT101]\nhot_only = false\n",
               "pyproject.toml:2:1: unknown key 'hot_only' in the options of "
               "rule 'HOT101' (known: hot-only)");
}

static void wrong_types_are_errors(void **state) {
  (void)state;
  expect_error("pyproject.toml", "[tool.hotlint]\nselect = \"HOT101\"\n",
               "pyproject.toml:2:10: 'select' must be an array of strings, "
               "not a string");
  expect_error("pyproject.toml", "[tool.hotlint]\nignore = [\"HOT101\", 3]\n",
               "pyproject.toml:2:21: 'ignore' must be an array of strings, "
               "but this is an integer");
  expect_error("hotlint.yaml", "exclude: build\n",
               "hotlint.yaml:1:10: 'exclude' must be an array of strings, "
               "not a string");
  expect_error("hotlint.yaml", "target-version: 311\n",
               "hotlint.yaml:1:17: 'target-version' must be one of py38, "
               "py39, py310, py311, py312, py313, py314, not an integer");
  expect_error("pyproject.toml", "[tool.hotlint]\ntarget-version = \"py27\"\n",
               "pyproject.toml:2:18: invalid 'target-version' 'py27': "
               "expected one of py38, py39, py310, py311, py312, py313, "
               "py314");
  expect_error("pyproject.toml",
               "[tool.hotlint.rules.HOT101]\nhot-only = \"no\"\n",
               "pyproject.toml:2:12: 'hot-only' must be a boolean, not a "
               "string");
  expect_error("pyproject.toml", "[tool.hotlint]\nrules = [1]\n",
               "pyproject.toml:2:9: 'rules' must be a table of rule codes to "
               "options, not an array");
  expect_error("pyproject.toml", "[tool.hotlint]\nper-file-ignores = []\n",
               "pyproject.toml:2:20: 'per-file-ignores' must be a table of "
               "globs to arrays of rule codes, not an array");
  expect_error("pyproject.toml", "[tool.hotlint]\nrules-dir = true\n",
               "pyproject.toml:2:13: 'rules-dir' must be a directory (a "
               "string) or an array of directories, not a boolean");
  expect_error("pyproject.toml",
               "[tool.hotlint]\nhot-functions = [\"a.py:\"]\n",
               "pyproject.toml:2:18: invalid entry 'a.py:' in "
               "'hot-functions': expected 'function', 'Class.method' or "
               "'path/file.py:function'");
  expect_error("pyproject.toml", "tool = 3\n",
               "pyproject.toml:1:8: 'tool' must be a table, not an integer");
}

static void syntax_errors_name_the_place(void **state) {
  (void)state;
  expect_error("pyproject.toml", "[tool.hotlint]\nselect = [\"HOT101\"\n",
               "pyproject.toml:2:1: invalid TOML syntax");
  expect_error("pyproject.toml", "[tool.hotlint]\nselect = []\nselect = []\n",
               "pyproject.toml:3:1: key 'select' is defined twice");
  expect_error("pyproject.toml", "[tool.hotlint]\n[tool.hotlint]\n",
               "pyproject.toml:2:7: key 'hotlint' is defined twice");
  expect_error("hotlint.yaml", "select: [HOT101\n",
               "hotlint.yaml:2:1: invalid YAML: did not find expected ',' "
               "or ']'");
  expect_error("hotlint.yaml", "select: []\nselect: []\n",
               "hotlint.yaml:2:1: key 'select' is defined twice");
  expect_error("hotlint.yaml", "- HOT101\n",
               "hotlint.yaml:1:1: the configuration must be a mapping of "
               "keys to values");
}

static void toml_strings_are_decoded(void **state) {
  (void)state;
  hl_config config;
  hotlint_error error;
  assert_int_equal(
      load("pyproject.toml",
           "[tool.hotlint]\n"
           "exclude = [\"a\\tb\", 'c\\d', \"\\u00e9\", \"\"\"\nmulti\"\"\", "
           "'''\nlit''']\n",
           &config, &error),
      HL_CONFIG_LOADED);
  assert_int_equal(config.exclude.count, 5);
  assert_string_equal(config.exclude.items[0].text, "a\tb");
  assert_string_equal(config.exclude.items[1].text, "c\\d");
  assert_string_equal(config.exclude.items[2].text, "\xc3\xa9");
  assert_string_equal(config.exclude.items[3].text, "multi");
  assert_string_equal(config.exclude.items[4].text, "lit");
  hl_config_free(&config);
}

static void unknown_rule_codes_are_errors(void **state) {
  hl_config config;
  hotlint_error error;
  assert_int_equal(load("pyproject.toml",
                        "[tool.hotlint]\nselect = [\"HOT1\", \"HOT999\"]\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_false(hl_config_check_rules(&config, engine_of(state), &error));
  assert_non_null(strstr(error.message, "pyproject.toml:2:19: unknown rule "
                                        "selector 'HOT999'"));
  hl_config_free(&config);

  assert_int_equal(load("pyproject.toml",
                        "[tool.hotlint.rules.HOT999]\nhot-only = false\n",
                        &config, &error),
                   HL_CONFIG_LOADED);
  assert_false(hl_config_check_rules(&config, engine_of(state), &error));
  assert_string_equal(error.message,
                      "pyproject.toml:1:21: unknown rule 'HOT999' in 'rules' "
                      "(use a code like HOT101 or a name like "
                      "import-in-function)");
  hl_config_free(&config);

  assert_int_equal(load("hotlint.yaml",
                        "per-file-ignores:\n  '*.py': [HOT1, nope]\n", &config,
                        &error),
                   HL_CONFIG_LOADED);
  assert_false(hl_config_check_rules(&config, engine_of(state), &error));
  assert_non_null(
      strstr(error.message, "hotlint.yaml:2:18: unknown rule selector 'nope'"));
  hl_config_free(&config);
}

static void globs_match_paths_names_and_directories(void **state) {
  (void)state;
  assert_true(hl_config_glob_matches("tests/*", "tests/a.py"));
  assert_true(hl_config_glob_matches("tests/*", "tests/sub/a.py"));
  assert_true(hl_config_glob_matches("a.py", "pkg/a.py"));
  assert_true(hl_config_glob_matches("legacy", "pkg/legacy/b.py"));
  assert_true(hl_config_glob_matches("pkg/legacy", "pkg/legacy/b.py"));
  assert_true(hl_config_glob_matches("*_test.py", "x/y_test.py"));
  assert_false(hl_config_glob_matches("tests/*", "src/a.py"));
  assert_false(hl_config_glob_matches("legacy", "pkg/legacy_b.py"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_every_key_from_pyproject),
      cmocka_unit_test(reads_every_key_from_yaml),
      cmocka_unit_test(pyproject_without_tool_hotlint_is_absent),
      cmocka_unit_test(requires_python_is_the_fallback),
      cmocka_unit_test(limits_are_read),
      cmocka_unit_test(unknown_keys_are_errors),
      cmocka_unit_test(wrong_types_are_errors),
      cmocka_unit_test(syntax_errors_name_the_place),
      cmocka_unit_test(toml_strings_are_decoded),
      cmocka_unit_test(unknown_rule_codes_are_errors),
      cmocka_unit_test(globs_match_paths_names_and_directories),
  };
  return cmocka_run_group_tests(tests, setup_engine, teardown_engine);
}
