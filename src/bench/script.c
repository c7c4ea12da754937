/* Benchmark scripts (bench/script.h). */
#include "bench/script.h"

#include "model/model.h"
#include "syntax/syntax.h"

#include <string.h>

/* ---- Which captures may enter ------------------------------------------- */

static bool is_safe_kind(const char *type) {
  static const char *const kinds[] = {
      "module",
      "expression_statement",
      "integer",
      "float",
      "string",
      "string_start",
      "string_content",
      "string_end",
      "escape_sequence",
      "concatenated_string",
      "true",
      "false",
      "none",
      "ellipsis",
      "tuple",
      "list",
      "set",
      "dictionary",
      "pair",
      "parenthesized_expression",
      "unary_operator",
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(type, kinds[i]))
      return true;
  return false;
}

bool hl_bench_capture_is_safe(const char *text, uint32_t length) {
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, hl_python_language());
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, length);
  bool safe = tree != NULL;
  if (safe) {
    TSNode root = ts_tree_root_node(tree);
    /* exactly one expression statement, no errors */
    safe = !ts_node_has_error(root) && ts_node_named_child_count(root) == 1 &&
           !strcmp(ts_node_type(ts_node_named_child(root, 0)),
                   "expression_statement") &&
           ts_node_named_child_count(ts_node_named_child(root, 0)) == 1;
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    while (safe) {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      const char *type = ts_node_type(node);
      if (ts_node_is_named(node)) {
        if (!strcmp(type, "identifier")) {
          uint32_t start = ts_node_start_byte(node);
          safe =
              hl_is_builtin_name(text + start, ts_node_end_byte(node) - start);
        } else {
          safe = is_safe_kind(type);
        }
      }
      if (safe && ts_tree_cursor_goto_first_child(&cursor))
        continue;
      if (!hl_cursor_skip_subtree(&cursor))
        break;
    }
    ts_tree_cursor_delete(&cursor);
    ts_tree_delete(tree);
  }
  ts_parser_delete(parser);
  return safe;
}

void hl_bench_stand_in(const char *text, uint32_t length, hl_strbuf *out) {
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, hl_python_language());
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, length);
  const char *shape = "";
  uint32_t items = 0;
  if (tree) {
    TSNode root = ts_tree_root_node(tree);
    TSNode statement = ts_node_named_child(root, 0);
    TSNode expression = ts_node_is_null(statement)
                            ? statement
                            : ts_node_named_child(statement, 0);
    if (!ts_node_is_null(expression)) {
      shape = ts_node_type(expression);
      items = ts_node_named_child_count(expression);
    }
  }
  if (!strcmp(shape, "tuple") || !strcmp(shape, "list") ||
      !strcmp(shape, "set") || !strcmp(shape, "dictionary")) {
    bool tuple = !strcmp(shape, "tuple"), dict = !strcmp(shape, "dictionary");
    hl_strbuf_putc(out, tuple ? '(' : shape[0] == 'l' ? '[' : '{');
    for (uint32_t i = 0; i < items; i++) {
      if (i)
        hl_strbuf_puts(out, ", ");
      if (dict)
        hl_strbuf_printf(out, "%u: %u", i, i);
      else
        hl_strbuf_printf(out, "%u", i);
    }
    if (tuple && items == 1)
      hl_strbuf_putc(out, ',');
    if (!strcmp(shape, "set") && items == 0)
      hl_strbuf_puts(out, "0"); /* {} would be a dict */
    hl_strbuf_putc(out, tuple ? ')' : shape[0] == 'l' ? ']' : '}');
  } else if (!strcmp(shape, "string") ||
             !strcmp(shape, "concatenated_string")) {
    hl_strbuf_puts(out, "'x'");
  } else {
    hl_strbuf_puts(out, "0");
  }
  if (tree)
    ts_tree_delete(tree);
  ts_parser_delete(parser);
}

/* ---- The program --------------------------------------------------------- */

/* Appends text as a Python string literal. */
static void put_python_string(hl_strbuf *out, const char *text, size_t length) {
  hl_strbuf_putc(out, '"');
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\\' || c == '"')
      hl_strbuf_printf(out, "\\%c", c);
    else if (c == '\n')
      hl_strbuf_puts(out, "\\n");
    else if (c < 0x20 || c == 0x7f)
      hl_strbuf_printf(out, "\\x%02x", c);
    else
      hl_strbuf_putc(out, (char)c);
  }
  hl_strbuf_putc(out, '"');
}

/* Appends `template` with every ${name} replaced by the capture (as written
 * when safe, else its stand-in), each line prefixed with `indent`. */
static void fill(hl_strbuf *out, const char *template, const char *indent,
                 const hl_bench_capture *captures, size_t capture_count) {
  bool line_start = true;
  for (const char *p = template; *p; p++) {
    if (line_start && *p != '\n')
      hl_strbuf_puts(out, indent);
    line_start = false;
    if (p[0] == '$' && p[1] == '{') {
      const char *end = strchr(p + 2, '}');
      if (end) {
        size_t name_length = (size_t)(end - p - 2);
        const hl_bench_capture *capture = NULL;
        for (size_t i = 0; i < capture_count && !capture; i++)
          if (strlen(captures[i].name) == name_length &&
              !memcmp(captures[i].name, p + 2, name_length))
            capture = &captures[i];
        if (!capture)
          hl_strbuf_puts(out, "0");
        else if (hl_bench_capture_is_safe(capture->text, capture->length))
          hl_strbuf_append(out, capture->text, capture->length);
        else
          hl_bench_stand_in(capture->text, capture->length, out);
        p = end;
        continue;
      }
    }
    hl_strbuf_putc(out, *p);
    if (*p == '\n')
      line_start = true;
  }
}

static const char PROGRAM[] =
    "import gc, json, time\n"
    "\n"
    "def namespace(n):\n"
    "    g = {'__name__': '__hotlint_bench__', 'n': n}\n"
    "    exec(compile(SETUP, '<setup>', 'exec'), g)\n"
    "    exec(compile(BEFORE, '<before>', 'exec'), g)\n"
    "    exec(compile(AFTER, '<after>', 'exec'), g)\n"
    "    return g['before'], g['after']\n"
    "\n"
    "def run(fn, loops):\n"
    "    clock = time.perf_counter_ns\n"
    "    start = clock()\n"
    "    for _ in range(loops):\n"
    "        fn()\n"
    "    return clock() - start\n"
    "\n"
    "def calibrate(fn):\n"
    "    # loop counts along Fibonacci numbers until a sample lasts 10 ms\n"
    "    previous, loops = 1, 1\n"
    "    while run(fn, loops) < 10_000_000:\n"
    "        previous, loops = loops, previous + loops\n"
    "    return loops\n"
    "\n"
    "for n in SIZES:\n"
    "    try:\n"
    "        before, after = namespace(n)\n"
    "        if before() != after():\n"
    "            print(json.dumps({'size': n, 'error':\n"
    "                'before and after return different results'}))\n"
    "            continue\n"
    "        loops = max(calibrate(before), calibrate(after))\n"
    "        before_ns, after_ns = [], []\n"
    "        gc.collect()\n"
    "        gc.disable()\n"
    "        try:\n"
    "            for _ in range(SAMPLES):\n"
    "                before_ns.append(run(before, loops) / loops)\n"
    "                after_ns.append(run(after, loops) / loops)\n"
    "        finally:\n"
    "            gc.enable()\n"
    "        print(json.dumps({'size': n, 'loops': loops,\n"
    "            'before_ns': before_ns, 'after_ns': after_ns}))\n"
    "    except Exception as e:\n"
    "        print(json.dumps({'size': n, 'error':\n"
    "            type(e).__name__ + ': ' + str(e)[:200]}))\n";

void hl_bench_script(const char *code, const hl_rule_benchmark *benchmark,
                     const hl_bench_capture *captures, size_t capture_count,
                     hl_strbuf *out) {
  hl_strbuf_printf(out,
                   "# hotlint: micro-benchmark of %s, generated; standard "
                   "library only.\n",
                   code);
  hl_strbuf_puts(out, "SIZES = [");
  for (size_t i = 0; i < benchmark->size_count; i++)
    hl_strbuf_printf(out, "%s%u", i ? ", " : "", benchmark->sizes[i]);
  hl_strbuf_printf(out, "]\nSAMPLES = %d\n", HL_BENCH_SAMPLES);
  hl_strbuf variant = {0};
  fill(&variant, benchmark->setup, "", captures, capture_count);
  hl_strbuf_puts(out, "SETUP = ");
  put_python_string(out, hl_strbuf_cstr(&variant), variant.len);
  hl_strbuf_clear(&variant);
  hl_strbuf_puts(&variant, "def before():\n");
  fill(&variant, benchmark->before, "    ", captures, capture_count);
  hl_strbuf_puts(out, "\nBEFORE = ");
  put_python_string(out, hl_strbuf_cstr(&variant), variant.len);
  hl_strbuf_clear(&variant);
  hl_strbuf_puts(&variant, "def after():\n");
  fill(&variant, benchmark->after, "    ", captures, capture_count);
  hl_strbuf_puts(out, "\nAFTER = ");
  put_python_string(out, hl_strbuf_cstr(&variant), variant.len);
  hl_strbuf_puts(out, "\n");
  hl_strbuf_free(&variant);
  hl_strbuf_puts(out, PROGRAM);
}
