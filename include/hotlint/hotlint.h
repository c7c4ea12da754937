/* hotlint: the public API of the static performance advisor for Python.
 *
 * The CLI and the LSP server use only this header. Three objects:
 * - hotlint_engine: the rule set. Load rules into it, then compile it; after
 *   hotlint_engine_compile it is immutable and may be shared by any number of
 *   threads.
 * - hotlint_checker: per-thread state (parser, cursors, scratch memory). One
 *   per worker thread; never shared.
 * - hotlint_result: the findings of one buffer, owned by the caller.
 *
 * Every function that can fail returns false (or NULL) and fills a
 * hotlint_error; nothing here prints or exits. */
#ifndef HOTLINT_HOTLINT_H
#define HOTLINT_HOTLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HOTLINT_VERSION "0.1.0"

/* ---- Errors ------------------------------------------------------------ */

/* A failure described in one line, already naming the file, line and column
 * where there is one ("rules/HOT101.yaml:4:3: unknown field 'qurey'"). */
typedef struct hotlint_error {
  char message[1024];
} hotlint_error;

/* ---- Severity, hotness, positions -------------------------------------- */

typedef enum hotlint_severity {
  HOTLINT_SEVERITY_HINT,
  HOTLINT_SEVERITY_INFO,
  HOTLINT_SEVERITY_WARNING,
  HOTLINT_SEVERITY_ERROR,
} hotlint_severity;

typedef enum hotlint_hotness {
  HOTLINT_COLD,
  HOTLINT_WARM,
  HOTLINT_HOT,
} hotlint_hotness;

/* Returns "hint", "info", "warning", "error" / "cold", "warm", "hot". */
const char *hotlint_severity_name(hotlint_severity severity);
const char *hotlint_hotness_name(hotlint_hotness hotness);

/* A place in a buffer. `byte` is the offset from the start of the buffer;
 * `line` and `column` are 1-based, the column counted in Unicode code points
 * (what ruff prints); `line_byte` is the 0-based byte offset within the line
 * (what LSP position conversion starts from). */
typedef struct hotlint_position {
  uint32_t byte;
  uint32_t line;
  uint32_t column;
  uint32_t line_byte;
} hotlint_position;

/* A second place a finding refers to (HOT103: the `global` statement). */
typedef struct hotlint_related {
  const char *message;
  hotlint_position start;
  hotlint_position end;
} hotlint_related;

/* ---- Fixes ------------------------------------------------------------- */

/* Whether a fix keeps the program's meaning (ruff's applicability): SAFE
 * fixes are applied by `--fix`, UNSAFE ones only with `--unsafe-fixes`. */
typedef enum hotlint_applicability {
  HOTLINT_FIX_SAFE,
  HOTLINT_FIX_UNSAFE,
} hotlint_applicability;

/* Returns "safe" / "unsafe". */
const char *hotlint_applicability_name(hotlint_applicability applicability);

/* Replace the bytes [start, end) of the checked buffer with `content`
 * (an empty string deletes; start == end inserts). */
typedef struct hotlint_edit {
  hotlint_position start;
  hotlint_position end;
  const char *content;
} hotlint_edit;

/* A finding's fix: edits sorted by position, not overlapping, applied all
 * together or not at all. */
typedef struct hotlint_fix {
  const char *message; /* what the fix does */
  hotlint_applicability applicability;
  const hotlint_edit *edits;
  size_t edit_count;
} hotlint_fix;

/* ---- Benchmark results ------------------------------------------------- */

/* What a micro-benchmark says about a finding's advice on one interpreter:
 * CONFIRMED when the 95% interval of the speed-up is above 1.05, REFUTED
 * when it is below 0.95 (the suggested form is slower), NO_EFFECT in
 * between, ERROR when it could not be measured (then `error` says why). */
typedef enum hotlint_verdict {
  HOTLINT_VERDICT_CONFIRMED,
  HOTLINT_VERDICT_REFUTED,
  HOTLINT_VERDICT_NO_EFFECT,
  HOTLINT_VERDICT_ERROR,
} hotlint_verdict;

/* Returns "confirmed" / "refuted" / "no-effect" / "error". */
const char *hotlint_verdict_name(hotlint_verdict verdict);

/* The measurement at one size of the benchmark's work. Times are
 * nanoseconds per call of each variant. */
typedef struct hotlint_benchmark_size {
  unsigned size;
  unsigned long loops; /* calls per sample (calibrated to >= 10 ms) */
  const double *before_ns, *after_ns; /* the samples, in the order taken */
  size_t sample_count;
  double before_median_ns, after_median_ns;
  double speedup; /* before median / after median */
  double ci_low, ci_high;
  hotlint_verdict verdict;
  const char *error; /* when verdict is ERROR */
} hotlint_benchmark_size;

/* A finding's benchmark: the verdict and figures are those of the largest
 * size that could be measured; every size is in `sizes`. */
typedef struct hotlint_benchmark {
  hotlint_verdict verdict;
  double speedup, ci_low, ci_high;
  double before_ns, after_ns; /* medians */
  unsigned size;
  const char *python; /* "CPython 3.11.2" */
  const char *error;  /* when verdict is ERROR */
  const hotlint_benchmark_size *sizes;
  size_t size_count;
} hotlint_benchmark;

/* ---- Findings ---------------------------------------------------------- */

/* One piece of advice. All pointers are owned by the hotlint_result that
 * holds the finding and stay valid until hotlint_result_delete. */
/* What a rule's match captured (`@name` in its query, or named by its
 * native check), for filling the rule's benchmark. At most 4 KB of text. */
typedef struct hotlint_capture {
  const char *name;
  const char *text;
} hotlint_capture;

typedef struct hotlint_finding {
  const char *code;          /* "HOT101" */
  const char *name;          /* "import-in-function" */
  const char *message;       /* captures substituted */
  const char *url;           /* the rule's documentation page */
  hotlint_severity severity; /* base severity moved one step by hotness */
  hotlint_position start;
  hotlint_position end; /* exclusive */
  hotlint_hotness hotness;
  const char *const
      *reasons; /* evidence for the hotness, most decisive first */
  size_t reason_count;
  const hotlint_related *related;
  size_t related_count;
  const hotlint_fix *fix; /* NULL: the rule offers no fix here */
  const hotlint_capture *captures;
  size_t capture_count;
  /* Set only where a benchmark ran (`check --bench`, `hotlint bench`),
   * owned by whoever ran it; NULL in the results of hotlint_check. */
  const hotlint_benchmark *benchmark;
} hotlint_finding;

/* A problem with the buffer itself that did not stop the analysis, such as
 * a syntax error: the rest of the file was still checked. */
typedef struct hotlint_problem {
  const char *message;
  hotlint_position start;
} hotlint_problem;

/* ---- Engine: the rule set ---------------------------------------------- */

typedef struct hotlint_engine hotlint_engine;

/* Returns a new engine with no rules; free with hotlint_engine_delete. */
hotlint_engine *hotlint_engine_new(void);
void hotlint_engine_delete(hotlint_engine *engine);

/* Loads the rules compiled into the binary. */
bool hotlint_engine_load_builtin_rules(hotlint_engine *engine,
                                       hotlint_error *error);
/* Loads one rule from YAML text; `origin` names it in errors (a path). A
 * rule whose id is already loaded replaces the earlier one. */
bool hotlint_engine_load_rule_text(hotlint_engine *engine, const char *origin,
                                   const char *text, size_t length,
                                   hotlint_error *error);
/* Loads every `*.yaml` file of a directory, in name order. */
bool hotlint_engine_load_rules_dir(hotlint_engine *engine, const char *dir,
                                   hotlint_error *error);
/* Sets where the rule pages live (a URL or path without the trailing
 * "/HOT101.md"); each rule's `url` and each finding's `url` become
 * BASE/CODE.md. Call before hotlint_engine_compile; NULL clears it. */
bool hotlint_engine_set_docs_url(hotlint_engine *engine, const char *base,
                                 hotlint_error *error);
/* Compiles the loaded rules (queries grouped by root node kind). After
 * success the engine is immutable and thread-safe for reading. */
bool hotlint_engine_compile(hotlint_engine *engine, hotlint_error *error);

/* After compile: 16 bytes that differ when the rule set could check
 * differently (another hotlint version, another rule source, another docs
 * base). For result caches. */
void hotlint_engine_fingerprint(const hotlint_engine *engine,
                                unsigned char out[16]);

/* What `hotlint rule` shows. Strings are owned by the engine. */
typedef struct hotlint_rule_info {
  const char *code;
  const char *name;
  const char *summary;
  const char *explanation; /* Markdown */
  const char *category;
  const char *origin; /* file the rule came from */
  const char *url;    /* its documentation page, or NULL (no docs URL set) */
  hotlint_severity severity;
  bool hot_only;
  int python_min; /* minor version, 0 = no lower bound (3.x) */
  int python_max; /* exclusive minor version, 0 = no upper bound */
} hotlint_rule_info;

size_t hotlint_engine_rule_count(const hotlint_engine *engine);
/* Rules are ordered by code. */
const hotlint_rule_info *hotlint_engine_rule(const hotlint_engine *engine,
                                             size_t index);
/* Returns the index of the rule with this code or name, or -1. */
long hotlint_engine_find_rule(const hotlint_engine *engine, const char *key);

/* ---- Selection: which rules run ---------------------------------------- */

/* Resolves ruff-style selectors (a code "HOT101", a name
 * "import-in-function", a prefix "HOT1", or "ALL") into enabled[i] for every
 * rule i of the engine. `select` NULL means the default (all rules); then
 * `extend_select` adds and `ignore` removes. `enabled` has
 * hotlint_engine_rule_count entries. Unknown selectors are errors. */
bool hotlint_select_rules(const hotlint_engine *engine,
                          const char *const *select, size_t select_count,
                          const char *const *extend_select,
                          size_t extend_select_count, const char *const *ignore,
                          size_t ignore_count, bool *enabled,
                          hotlint_error *error);

/* ---- Checking ---------------------------------------------------------- */

/* A function the user says is hot (config `hot-functions`, a profile). */
typedef struct hotlint_hot_function {
  const char *name;   /* "parse" or "Parser.parse" */
  const char *path;   /* file it lives in (suffix match), or NULL: any file */
  const char *reason; /* evidence shown with the finding */
} hotlint_hot_function;

typedef struct hotlint_check_options {
  int target_minor;    /* Python 3.<target_minor>; 0 means 11 (py311) */
  const bool *enabled; /* per rule; NULL = every rule */
  const hotlint_hot_function *hot_functions; /* may be NULL */
  size_t hot_function_count;
  /* per rule: -1 keeps the rule's own `hot-only`, 0 reports in every
   * function, 1 only in hot code; NULL = every rule's own setting */
  const signed char *hot_only;
  /* a limit on the CPU time (of the calling thread) one check of one
   * buffer may take, parse and analysis together, in milliseconds; 0: none.
   * A check that reaches it stops and returns no findings, only a problem
   * saying so. CPU time, so that a busy machine does not trip it. */
  unsigned time_limit_ms;
} hotlint_check_options;

typedef struct hotlint_checker hotlint_checker;
typedef struct hotlint_result hotlint_result;

/* Returns per-thread checking state over a compiled engine, which must
 * outlive it. Free with hotlint_checker_delete. */
hotlint_checker *hotlint_checker_new(const hotlint_engine *engine);
void hotlint_checker_delete(hotlint_checker *checker);

/* Checks one buffer of Python source (any bytes: invalid UTF-8 and NUL bytes
 * are reported as problems, not crashes). `path` is used for messages and
 * path-dependent rules. Returns the findings after suppression (`# noqa`),
 * sorted by position; the caller frees it with hotlint_result_delete. Never
 * executes the code. */
hotlint_result *hotlint_check(hotlint_checker *checker, const char *path,
                              const char *source, size_t length,
                              const hotlint_check_options *options);

void hotlint_result_delete(hotlint_result *result);
size_t hotlint_result_count(const hotlint_result *result);
const hotlint_finding *hotlint_result_finding(const hotlint_result *result,
                                              size_t index);
size_t hotlint_result_problem_count(const hotlint_result *result);
const hotlint_problem *hotlint_result_problem(const hotlint_result *result,
                                              size_t index);
/* Number of findings silenced by `# noqa` comments. */
size_t hotlint_result_suppressed_count(const hotlint_result *result);
/* Whether the check stopped at options->time_limit_ms (then it has no
 * findings, and a problem says so): not a result worth keeping. */
bool hotlint_result_timed_out(const hotlint_result *result);

/* ---- Documents: buffers being edited (the LSP server) ------------------ */

/* A buffer an editor changes piece by piece: its text and the syntax tree
 * of the last check, which each edit adjusts (ts_tree_edit) so that the
 * next check re-parses only what changed. Owns a copy of the text. */
typedef struct hotlint_document hotlint_document;

hotlint_document *hotlint_document_new(const char *text, size_t length);
void hotlint_document_delete(hotlint_document *document);
/* Replaces bytes [start, end) with text[0..length). False (and nothing
 * changes) when the range is not within the document. */
bool hotlint_document_edit(hotlint_document *document, size_t start, size_t end,
                           const char *text, size_t length);
/* The current text (valid until the next edit). */
const char *hotlint_document_text(const hotlint_document *document,
                                  size_t *length);
/* Parses the document's current text, incrementally from its last tree,
 * and keeps the new tree: 1 when it has syntax errors, 0 when not, -1 when
 * it cannot be parsed at all (hotlint_parse_only of the same text). */
long hotlint_document_parse_only(hotlint_checker *checker,
                                 hotlint_document *document);
/* Parses the document's current text now, incrementally from its last
 * tree, within options->time_limit_ms (options may be NULL), so that the
 * next hotlint_check_document of this text only analyses it. The LSP
 * server parses in the first pause of the input, while it waits for the
 * input to be quiet before checking. True when the tree is current; false
 * when the parse was cancelled or failed (the check then parses and
 * reports). */
bool hotlint_document_parse(hotlint_checker *checker,
                            hotlint_document *document,
                            const hotlint_check_options *options);
/* Whether the document's text with `edits` applied (sorted, apart, offsets
 * into the current text) would parse without syntax errors, for a
 * document that hotlint_document_parse_only found free of them. Only the
 * top-level statements the edits touch are parsed again, so trying many
 * fixes one by one costs the size of their statements, not of the file. */
bool hotlint_document_edits_parse(hotlint_checker *checker,
                                  const hotlint_document *document,
                                  const hotlint_edit *edits, size_t count);
/* hotlint_check of the document's current text, re-parsed incrementally
 * from the tree of its previous check (or parsed already by
 * hotlint_document_parse); the same result as hotlint_check of the same
 * text. */
hotlint_result *hotlint_check_document(hotlint_checker *checker,
                                       hotlint_document *document,
                                       const char *path,
                                       const hotlint_check_options *options);

/* The standalone Python program that benchmarks this finding's advice (the
 * rule's `benchmark:` filled with the finding's captures; see
 * docs/writing-rules.md), or NULL when the rule has none. Free with free();
 * its length in *length. It never contains the user's code: a capture
 * enters only if it is a literal or a builtin name. */
char *hotlint_benchmark_script(const hotlint_engine *engine,
                               const hotlint_finding *finding, size_t *length);

/* A result as bytes, for caches: every field of every finding and problem
 * (the strings copied). Returns a buffer the caller frees with free(), and
 * its length in *length. */
char *hotlint_result_encode(const hotlint_result *result, size_t *length);
/* The result encoded in data[0..length), or NULL when the bytes are not a
 * whole, valid encoding (truncated, corrupt, another format version). The
 * result owns its strings; delete it with hotlint_result_delete. */
hotlint_result *hotlint_result_decode(const char *data, size_t length);

/* Parse-only: read nothing, analyse nothing, just parse the buffer with the
 * checker's parser (the floor that scripts/bench measures against). Returns
 * the number of nodes with errors, or -1 if the parse failed. */
long hotlint_parse_only(hotlint_checker *checker, const char *source,
                        size_t length);

#ifdef __cplusplus
}
#endif

#endif
