/* Loop idioms that a builtin or a comprehension does in C. Four rules share
 * the helpers in this file, each with its own hl_check:
 *
 * HOT202 append-loop-to-comprehension: `out = []` (or `list()`, `{}` /
 *   `dict()`, `set()`) immediately followed by a `for` loop whose whole body
 *   is `out.append(e)` / `d[k] = v` / `s.add(e)`, optionally under one `if`
 *   without `elif`/`else`. Not reported: attributes (`self.rows`), non-empty
 *   initial containers, any second statement in the body (`continue`, a
 *   call), a `for ... else:`, a body that reads `out` elsewhere (including
 *   the loop target and iterable), `yield` in the body, names that are not
 *   plain function locals (module level, `global`, `nonlocal`).
 *
 * HOT203 manual-reduction-loop: an accumulator initialised by the statement
 *   immediately before a `for` loop whose whole body is `acc += e` (init 0 or
 *   0.0: sum), `if cond: acc += e` (init 0: sum of a filtered generator),
 *   `if x > acc: acc = x` (max/min; init a number or `xs[0]`),
 *   `if cond: found = True [; break]` (init False: any) or
 *   `if cond: ok = False [; break]` (init True: all). Not reported: `while`
 *   loops, strings or lists (`+=` is only a sum after a number literal 0),
 *   an accumulator read anywhere else in the loop, a `for ... else:`.
 *
 * HOT205 write-in-loop: `f.write(...)`, `f.writelines([one])`, or
 *   `print(..., file=f)` in a `for`/`while` loop of the scope that opened `f`
 *   before the loop (`f = open(...)`, `f = p.open(...)`, `with open(...) as
 *   f`). Not reported: `f` rebound inside the loop (a new file per
 *   iteration), anything not bound from an `open` call (io.StringIO,
 *   sys.stdout, csv writers), `print` without `file=`, streaming copies: a
 *   loop that calls `.read*()` / `.recv*()` anywhere, or iterates over
 *   another opened file or stdin. Writes inside a nested loop are reported
 *   at that nested loop only.
 *
 * HOT206 char-by-char-loop: `for ch in s` where `s` is a str literal, a
 *   `.read()` / `.read_text()` call, a name last bound from one of those or
 *   annotated `str` (assignment or parameter), and the body compares `ch`
 *   (`==`, `in`, `<`...), uses it as a subscript index (`table[ch]`) or
 *   passes it to `ord()`. Not reported: loops whose body only collects or
 *   forwards the characters, iterables of unknown type.
 *
 * Subtree scans use one tree cursor per candidate loop (after the cheap
 * filters), never per node, and no recursion. */
#include "checks/checks.h"

#include <string.h>

/* ---- shared helpers ----------------------------------------------------- */

static bool same_text(TSNode node, const char *source, const char *name,
                      uint32_t length) {
  uint32_t node_length;
  const char *text = hl_node_text(node, source, &node_length);
  return node_length == length && !memcmp(text, name, length);
}

/* The only statement of a block (comments ignored), or a null node. */
static TSNode only_statement(const hl_syntax *syntax, TSNode block,
                             uint32_t *count_out) {
  TSNode found = {0};
  uint32_t count = 0;
  uint32_t children = ts_node_named_child_count(block);
  for (uint32_t i = 0; i < children; i++) {
    TSNode child = ts_node_named_child(block, i);
    if (ts_node_symbol(child) == syntax->kind.comment)
      continue;
    if (!count)
      found = child;
    count++;
  }
  if (count_out)
    *count_out = count;
  return count == 1 ? found : (TSNode){0};
}

/* The i-th non-comment statement of a block. */
static TSNode statement_at(const hl_syntax *syntax, TSNode block, uint32_t n) {
  uint32_t children = ts_node_named_child_count(block);
  for (uint32_t i = 0; i < children; i++) {
    TSNode child = ts_node_named_child(block, i);
    if (ts_node_symbol(child) == syntax->kind.comment)
      continue;
    if (!n--)
      return child;
  }
  return (TSNode){0};
}

/* The statement right before `node` in its block, comments skipped. */
static TSNode previous_statement(const hl_syntax *syntax, TSNode node) {
  TSNode previous = ts_node_prev_named_sibling(node);
  for (int guard = 0; guard < 256 && !ts_node_is_null(previous) &&
                      ts_node_symbol(previous) == syntax->kind.comment;
       guard++)
    previous = ts_node_prev_named_sibling(previous);
  return previous;
}

/* The assignment inside an expression statement, or a null node. */
static TSNode statement_assignment(const hl_syntax *syntax, TSNode statement,
                                   TSSymbol kind) {
  if (ts_node_is_null(statement) ||
      ts_node_symbol(statement) != syntax->kind.expression_statement ||
      ts_node_named_child_count(statement) != 1)
    return (TSNode){0};
  TSNode inner = ts_node_named_child(statement, 0);
  return ts_node_symbol(inner) == kind ? inner : (TSNode){0};
}

/* The call inside an expression statement, or a null node. */
static TSNode statement_call(const hl_syntax *syntax, TSNode statement) {
  return statement_assignment(syntax, statement, syntax->kind.call);
}

/* `name = value` (optionally annotated): the identifier and value. */
static bool simple_assignment(const hl_syntax *syntax, TSNode statement,
                              TSNode *name, TSNode *value) {
  TSNode assignment =
      statement_assignment(syntax, statement, syntax->kind.assignment);
  if (ts_node_is_null(assignment))
    return false;
  *name = ts_node_child_by_field_id(assignment, syntax->field.left);
  *value = ts_node_child_by_field_id(assignment, syntax->field.right);
  return !ts_node_is_null(*name) && !ts_node_is_null(*value) &&
         ts_node_symbol(*name) == syntax->kind.identifier &&
         ts_node_symbol(*value) != syntax->kind.assignment;
}

/* A plain local of the current function (not global/nonlocal). */
static bool is_function_local(hl_model *model, const char *name,
                              uint32_t length) {
  hl_scope *scope = hl_model_scope(model);
  return scope->kind == HL_SCOPE_FUNCTION &&
         !hl_name_set_find(&scope->globals, name, length) &&
         !hl_name_set_find(&scope->nonlocals, name, length);
}

/* A builtin name not rebound in this file's module or function. */
static bool is_builtin_call(hl_model *model, TSNode node, const char *builtin) {
  const hl_syntax *syntax = model->syntax;
  if (ts_node_symbol(node) != syntax->kind.call)
    return false;
  TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(node, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.identifier ||
      !hl_node_text_is(function, model->source, builtin) ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list ||
      ts_node_named_child_count(arguments) != 0)
    return false;
  uint32_t length = (uint32_t)strlen(builtin);
  hl_scope *scope = hl_model_scope(model);
  return !hl_name_set_find(&model->module_bindings, builtin, length) &&
         !hl_name_set_find(&scope->locals, builtin, length);
}

/* Counts identifiers spelled `name` in the subtree of root (attribute names
 * `x.name` excluded); stops counting at `limit`. */
static uint32_t count_name(const hl_syntax *syntax, const char *source,
                           TSNode root, const char *name, uint32_t length,
                           uint32_t limit) {
  uint32_t count = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_symbol(node) == syntax->kind.identifier) {
      if (same_text(node, source, name, length) &&
          ts_tree_cursor_current_field_id(&cursor) != syntax->field.attribute &&
          ++count >= limit)
        break;
    } else if (ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor))
        break;
    }
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return count;
}

/* True if the subtree holds a node of this kind. */
static bool contains_kind(TSNode root, TSSymbol kind) {
  bool found = false;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    if (ts_node_symbol(ts_tree_cursor_current_node(&cursor)) == kind) {
      found = true;
      break;
    }
    if (ts_tree_cursor_goto_first_child(&cursor))
      continue;
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor))
        break;
    }
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

/* The for loop's body if it has no `else:`; null otherwise. */
static TSNode plain_for_body(const hl_syntax *syntax, TSNode loop) {
  if (!ts_node_is_null(
          ts_node_child_by_field_id(loop, syntax->field.alternative)))
    return (TSNode){0};
  return ts_node_child_by_field_id(loop, syntax->field.body);
}

/* `if cond:` with a block and no elif/else: the consequence, else null. */
static TSNode plain_if_block(const hl_syntax *syntax, TSNode statement) {
  if (ts_node_symbol(statement) != syntax->kind.if_statement ||
      !ts_node_is_null(
          ts_node_child_by_field_id(statement, syntax->field.alternative)))
    return (TSNode){0};
  return ts_node_child_by_field_id(statement, syntax->field.consequence);
}

static void report_loop(hl_check_context *context, TSNode loop, TSNode name,
                        const char *what) {
  hl_pending *pending =
      hl_model_report(context->model, context->rule, ts_node_start_byte(loop),
                      ts_node_end_byte(loop));
  uint32_t length;
  const char *text = hl_node_text(name, context->model->source, &length);
  hl_pending_capture(pending, "target", text, length);
  hl_pending_capture(pending, "builtin", what, (uint32_t)strlen(what));
}

/* ---- HOT202 append-loop-to-comprehension -------------------------------- */

enum { BUILD_LIST, BUILD_DICT, BUILD_SET };

/* Which empty container the value is, or -1. */
static int empty_container(hl_model *model, TSNode value) {
  const hl_kinds *kind = &model->syntax->kind;
  TSSymbol symbol = ts_node_symbol(value);
  if (symbol == kind->list && ts_node_named_child_count(value) == 0)
    return BUILD_LIST;
  if (symbol == kind->dictionary && ts_node_named_child_count(value) == 0)
    return BUILD_DICT;
  if (is_builtin_call(model, value, "list"))
    return BUILD_LIST;
  if (is_builtin_call(model, value, "dict"))
    return BUILD_DICT;
  if (is_builtin_call(model, value, "set"))
    return BUILD_SET;
  return -1;
}

/* `name.method(one positional argument)`: the receiver identifier. */
static bool is_method_call_on(const hl_syntax *syntax, const char *source,
                              TSNode call, const char *method, TSNode *receiver,
                              TSNode *argument) {
  TSNode function = ts_node_child_by_field_id(call, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(call, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list ||
      ts_node_named_child_count(arguments) != 1)
    return false;
  TSNode attribute =
      ts_node_child_by_field_id(function, syntax->field.attribute);
  TSNode object = ts_node_child_by_field_id(function, syntax->field.object);
  if (ts_node_is_null(attribute) || ts_node_is_null(object) ||
      ts_node_symbol(object) != syntax->kind.identifier ||
      !hl_node_text_is(attribute, source, method))
    return false;
  TSNode only = ts_node_named_child(arguments, 0);
  TSSymbol symbol = ts_node_symbol(only);
  if (symbol == syntax->kind.keyword_argument ||
      symbol == syntax->kind.list_splat ||
      symbol == syntax->kind.dictionary_splat || symbol == syntax->kind.comment)
    return false;
  *receiver = object;
  if (argument)
    *argument = only;
  return true;
}

static void append_loop_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  if (hl_model_scope(model)->kind != HL_SCOPE_FUNCTION)
    return;
  TSNode body = plain_for_body(syntax, loop);
  if (ts_node_is_null(body))
    return;
  TSNode statement = only_statement(syntax, body, NULL);
  if (ts_node_is_null(statement))
    return;
  TSNode inner_block = plain_if_block(syntax, statement);
  if (!ts_node_is_null(inner_block)) {
    statement = only_statement(syntax, inner_block, NULL);
    if (ts_node_is_null(statement))
      return;
  }
  TSNode previous = previous_statement(syntax, loop);
  TSNode name, value;
  if (!simple_assignment(syntax, previous, &name, &value))
    return;
  int container = empty_container(model, value);
  if (container < 0)
    return;
  TSNode receiver = {0};
  TSNode call = statement_call(syntax, statement);
  if (container == BUILD_LIST) {
    if (ts_node_is_null(call) ||
        !is_method_call_on(syntax, source, call, "append", &receiver, NULL))
      return;
  } else if (container == BUILD_SET) {
    if (ts_node_is_null(call) ||
        !is_method_call_on(syntax, source, call, "add", &receiver, NULL))
      return;
  } else {
    TSNode assignment =
        statement_assignment(syntax, statement, syntax->kind.assignment);
    if (ts_node_is_null(assignment))
      return;
    TSNode left = ts_node_child_by_field_id(assignment, syntax->field.left);
    TSNode right = ts_node_child_by_field_id(assignment, syntax->field.right);
    if (ts_node_is_null(left) || ts_node_is_null(right) ||
        ts_node_symbol(left) != syntax->kind.subscript ||
        ts_node_symbol(right) == syntax->kind.assignment ||
        ts_node_named_child_count(left) != 2 ||
        !ts_node_is_null(
            ts_node_child_by_field_id(assignment, syntax->field.type)))
      return;
    receiver = ts_node_child_by_field_id(left, syntax->field.value);
    if (ts_node_is_null(receiver) ||
        ts_node_symbol(receiver) != syntax->kind.identifier)
      return;
  }
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  if (!same_text(receiver, source, text, length) ||
      !is_function_local(model, text, length))
    return;
  /* the receiver is the only read of the container in the whole loop */
  if (count_name(syntax, source, loop, text, length, 2) != 1)
    return;
  if (contains_kind(body, syntax->kind.yield))
    return; /* yield is not allowed in a comprehension */
  static const char *const what[] = {"list comprehension", "dict comprehension",
                                     "set comprehension"};
  report_loop(context, loop, name, what[container]);
}

static const char *const for_kinds[] = {"for_statement", NULL};

const hl_check hl_check_append_loop = {
    .name = "append_loop",
    .kinds = for_kinds,
    .on_node = append_loop_on_node,
};

/* ---- HOT203 manual-reduction-loop --------------------------------------- */

static bool is_zero(const hl_syntax *syntax, const char *source, TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.integer)
    return hl_node_text_is(node, source, "0");
  if (symbol == syntax->kind.float_)
    return hl_node_text_is(node, source, "0.0") ||
           hl_node_text_is(node, source, "0.");
  return false;
}

/* A number, `-number`, or `xs[0]`: a start value for max/min. */
static bool is_extreme_start(const hl_syntax *syntax, const char *source,
                             TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.unary_operator) {
    node = ts_node_named_child(node, 0);
    if (ts_node_is_null(node))
      return false;
    symbol = ts_node_symbol(node);
  }
  if (symbol == syntax->kind.integer || symbol == syntax->kind.float_)
    return true;
  if (symbol == syntax->kind.subscript && ts_node_named_child_count(node) == 2)
    return hl_node_text_is(ts_node_named_child(node, 1), source, "0");
  return false;
}

/* `name += e` (1) or `name = name + e` (2) on the given accumulator: how
 * often the step itself names it; 0 when it is not a sum step. */
static uint32_t is_sum_step(const hl_syntax *syntax, const char *source,
                            TSNode statement, const char *name,
                            uint32_t length) {
  TSNode step = statement_assignment(syntax, statement,
                                     syntax->kind.augmented_assignment);
  if (!ts_node_is_null(step)) {
    TSNode left = ts_node_child_by_field_id(step, syntax->field.left);
    TSNode op = ts_node_child_by_field_id(step, syntax->field.operator);
    return !ts_node_is_null(left) && !ts_node_is_null(op) &&
                   ts_node_symbol(left) == syntax->kind.identifier &&
                   same_text(left, source, name, length) &&
                   hl_node_text_is(op, source, "+=")
               ? 1
               : 0;
  }
  step = statement_assignment(syntax, statement, syntax->kind.assignment);
  if (ts_node_is_null(step))
    return 0;
  TSNode left = ts_node_child_by_field_id(step, syntax->field.left);
  TSNode right = ts_node_child_by_field_id(step, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier ||
      !same_text(left, source, name, length) ||
      ts_node_symbol(right) != syntax->kind.binary_operator)
    return 0;
  TSNode operand = ts_node_child_by_field_id(right, syntax->field.left);
  TSNode op = ts_node_child_by_field_id(right, syntax->field.operator);
  return !ts_node_is_null(operand) && !ts_node_is_null(op) &&
                 ts_node_symbol(operand) == syntax->kind.identifier &&
                 same_text(operand, source, name, length) &&
                 hl_node_text_is(op, source, "+")
             ? 2
             : 0;
}

/* `name = <value>`: the value, or null. */
static TSNode assigned_value(const hl_syntax *syntax, const char *source,
                             TSNode statement, const char *name,
                             uint32_t length) {
  TSNode target, value;
  if (!simple_assignment(syntax, statement, &target, &value) ||
      !same_text(target, source, name, length))
    return (TSNode){0};
  TSNode assignment = ts_node_named_child(statement, 0);
  if (!ts_node_is_null(
          ts_node_child_by_field_id(assignment, syntax->field.type)))
    return (TSNode){0};
  return value;
}

static void reduction_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  if (hl_model_scope(model)->kind != HL_SCOPE_FUNCTION)
    return;
  TSNode body = plain_for_body(syntax, loop);
  if (ts_node_is_null(body))
    return;
  TSNode statement = only_statement(syntax, body, NULL);
  if (ts_node_is_null(statement))
    return;
  TSNode name, init;
  if (!simple_assignment(syntax, previous_statement(syntax, loop), &name,
                         &init))
    return;
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  if (!is_function_local(model, text, length))
    return;
  const char *what = NULL;
  uint32_t allowed_reads = 1; /* the accumulator's own target */
  TSNode inner = plain_if_block(syntax, statement);
  if (ts_node_is_null(inner)) {
    allowed_reads = is_sum_step(syntax, source, statement, text, length);
    if (!allowed_reads || !is_zero(syntax, source, init))
      return;
    what = "sum()";
  } else {
    TSNode condition =
        ts_node_child_by_field_id(statement, syntax->field.condition);
    if (ts_node_is_null(condition))
      return;
    uint32_t count = 0;
    TSNode first = statement_at(syntax, inner, 0);
    only_statement(syntax, inner, &count);
    if (count == 2) {
      TSNode second = statement_at(syntax, inner, 1);
      if (!hl_node_text_is(second, source, "break"))
        return;
    } else if (count != 1) {
      return;
    }
    TSNode value = assigned_value(syntax, source, first, text, length);
    TSSymbol init_symbol = ts_node_symbol(init);
    uint32_t step_reads =
        count == 1 ? is_sum_step(syntax, source, first, text, length) : 0;
    if (step_reads && is_zero(syntax, source, init)) {
      what = "sum()";
      allowed_reads = step_reads;
    } else if (ts_node_is_null(value)) {
      return;
    } else if (count == 1 &&
               (init_symbol == syntax->kind.false_ ||
                init_symbol == syntax->kind.true_) &&
               contains_kind(condition, syntax->kind.call)) {
      return; /* without break, any()/all() would skip the later calls */
    } else if (init_symbol == syntax->kind.false_ &&
               ts_node_symbol(value) == syntax->kind.true_) {
      what = "any()";
    } else if (init_symbol == syntax->kind.true_ &&
               ts_node_symbol(value) == syntax->kind.false_) {
      what = "all()";
    } else if (count == 1 && is_extreme_start(syntax, source, init) &&
               ts_node_symbol(condition) == syntax->kind.comparison_operator &&
               ts_node_named_child_count(condition) == 2 &&
               ts_node_child_count(condition) == 3) {
      TSNode a = ts_node_named_child(condition, 0);
      TSNode b = ts_node_named_child(condition, 1);
      TSNode op = ts_node_child(condition, 1);
      uint32_t value_length;
      const char *value_text = hl_node_text(value, source, &value_length);
      bool acc_left = ts_node_symbol(a) == syntax->kind.identifier &&
                      same_text(a, source, text, length) &&
                      same_text(b, source, value_text, value_length);
      bool acc_right = ts_node_symbol(b) == syntax->kind.identifier &&
                       same_text(b, source, text, length) &&
                       same_text(a, source, value_text, value_length);
      if (!acc_left && !acc_right)
        return;
      bool greater =
          hl_node_text_is(op, source, ">") || hl_node_text_is(op, source, ">=");
      bool less =
          hl_node_text_is(op, source, "<") || hl_node_text_is(op, source, "<=");
      if (!greater && !less)
        return;
      /* `x > acc` keeps the largest; `acc > x` the smallest */
      what = (greater == acc_right) ? "max()" : "min()";
      allowed_reads = 2; /* the comparison reads it once */
    } else {
      return;
    }
  }
  if (count_name(syntax, source, loop, text, length, allowed_reads + 1) !=
      allowed_reads)
    return;
  report_loop(context, loop, name, what);
}

const hl_check hl_check_manual_reduction = {
    .name = "manual_reduction",
    .kinds = for_kinds,
    .on_node = reduction_on_node,
};

/* ---- HOT205 write-in-loop ----------------------------------------------- */

/* Per function/module scope: names last bound to an opened file. */
typedef struct opened_files {
  hl_name_set names; /* value 1: bound from an open(...) call */
  uint32_t open_count;
} opened_files;

static opened_files *files_of(hl_check_context *context, hl_scope *scope) {
  opened_files **files = (opened_files **)&scope->check_data[context->slot];
  if (!*files)
    *files = hl_arena_calloc(context->model->arena, 1, sizeof(opened_files));
  return *files;
}

static bool is_open_call(const hl_syntax *syntax, const char *source,
                         TSNode node) {
  if (ts_node_symbol(node) != syntax->kind.call)
    return false;
  TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
  if (ts_node_is_null(function))
    return false;
  if (ts_node_symbol(function) == syntax->kind.identifier)
    return hl_node_text_is(function, source, "open");
  if (ts_node_symbol(function) == syntax->kind.attribute) {
    TSNode attribute =
        ts_node_child_by_field_id(function, syntax->field.attribute);
    return !ts_node_is_null(attribute) &&
           hl_node_text_is(attribute, source, "open");
  }
  return false;
}

/* `fp = open(fp, ...)`: the path-or-file idiom. On the other paths `fp` is
 * whatever file-like object the caller passed (a stream without writelines,
 * a socket file), so nothing shows it is a file opened here. */
static bool reopens_itself(const hl_syntax *syntax, const char *source,
                           TSNode name, TSNode call) {
  TSNode arguments = ts_node_child_by_field_id(call, syntax->field.arguments);
  if (ts_node_is_null(arguments))
    return false;
  TSNode first = ts_node_named_child(arguments, 0);
  if (ts_node_is_null(first) ||
      ts_node_symbol(first) != syntax->kind.identifier)
    return false;
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  return same_text(first, source, text, length);
}

static void mark_file(hl_check_context *context, TSNode name, bool opened) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  opened_files *files = files_of(context, scope);
  if (!opened && !files->open_count)
    return; /* nothing to forget */
  hl_name_entry *entry =
      hl_name_set_add(&files->names, model->arena, text, length);
  if (entry->value && !opened)
    files->open_count--;
  else if (!entry->value && opened)
    files->open_count++;
  entry->value = opened;
}

static void write_on_bind(hl_check_context *context, TSNode name,
                          TSNode statement, bool rebinds_global) {
  (void)statement;
  (void)rebinds_global;
  mark_file(context, name, false);
}

/* The file name `call` writes to, or a null node. */
static TSNode written_file(const hl_syntax *syntax, const char *source,
                           TSNode call) {
  TSNode function = ts_node_child_by_field_id(call, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(call, syntax->field.arguments);
  if (ts_node_is_null(function) || ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list)
    return (TSNode){0};
  if (ts_node_symbol(function) == syntax->kind.attribute) {
    TSNode object = ts_node_child_by_field_id(function, syntax->field.object);
    TSNode attribute =
        ts_node_child_by_field_id(function, syntax->field.attribute);
    if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
        ts_node_symbol(object) != syntax->kind.identifier)
      return (TSNode){0};
    if (hl_node_text_is(attribute, source, "write"))
      return object;
    if (hl_node_text_is(attribute, source, "writelines") &&
        ts_node_named_child_count(arguments) == 1) {
      TSNode only = ts_node_named_child(arguments, 0);
      if (ts_node_symbol(only) == syntax->kind.list &&
          ts_node_named_child_count(only) == 1)
        return object;
    }
    return (TSNode){0};
  }
  if (ts_node_symbol(function) != syntax->kind.identifier ||
      !hl_node_text_is(function, source, "print"))
    return (TSNode){0};
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (ts_node_symbol(argument) != syntax->kind.keyword_argument)
      continue;
    TSNode key = ts_node_child_by_field_id(argument, syntax->field.name);
    TSNode value = ts_node_child_by_field_id(argument, syntax->field.value);
    if (!ts_node_is_null(key) && !ts_node_is_null(value) &&
        hl_node_text_is(key, source, "file") &&
        ts_node_symbol(value) == syntax->kind.identifier)
      return value;
  }
  return (TSNode){0};
}

static bool is_read_method(const char *text, uint32_t length) {
  return (length >= 4 && !memcmp(text, "read", 4)) ||
         (length >= 4 && !memcmp(text, "recv", 4));
}

/* Nested scopes and loops, which the write scan does not enter; lambdas are
 * entered so that `iter(lambda: src.read(n), b"")` counts as a read. */
static bool is_scope_or_loop(const hl_syntax *syntax, TSSymbol symbol) {
  return symbol == syntax->kind.function_definition ||
         symbol == syntax->kind.class_definition ||
         symbol == syntax->kind.for_statement ||
         symbol == syntax->kind.while_statement ||
         hl_is_comprehension(syntax, symbol);
}

static void write_on_node(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  TSSymbol symbol = ts_node_symbol(node);
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  if (symbol == syntax->kind.assignment || symbol == syntax->kind.as_pattern) {
    TSNode name, value;
    if (symbol == syntax->kind.assignment) {
      name = ts_node_child_by_field_id(node, syntax->field.left);
      value = ts_node_child_by_field_id(node, syntax->field.right);
    } else {
      name = ts_node_child_by_field_id(node, syntax->field.alias);
      if (!ts_node_is_null(name) &&
          ts_node_symbol(name) != syntax->kind.identifier &&
          ts_node_named_child_count(name) == 1)
        name = ts_node_named_child(name, 0);
      value = ts_node_named_child(node, 0);
    }
    if (!ts_node_is_null(name) && !ts_node_is_null(value) &&
        ts_node_symbol(name) == syntax->kind.identifier &&
        is_open_call(syntax, source, value) &&
        !reopens_itself(syntax, source, name, value))
      mark_file(context, name, true);
    return;
  }
  /* a for/while loop */
  opened_files *files = scope->check_data[context->slot];
  if (!files || !files->open_count)
    return;
  if (symbol == syntax->kind.for_statement) {
    TSNode right = ts_node_child_by_field_id(node, syntax->field.right);
    if (ts_node_is_null(right))
      return;
    if (ts_node_symbol(right) == syntax->kind.identifier) {
      uint32_t length;
      const char *text = hl_node_text(right, source, &length);
      hl_name_entry *entry = hl_name_set_find(&files->names, text, length);
      if (entry && entry->value)
        return; /* copying from another open file, line by line */
    }
    if (ts_node_symbol(right) == syntax->kind.attribute) {
      TSNode attribute =
          ts_node_child_by_field_id(right, syntax->field.attribute);
      if (!ts_node_is_null(attribute) &&
          hl_node_text_is(attribute, source, "stdin"))
        return;
    }
  }
  /* Scan the loop (not nested loops or scopes) for writes to an opened
   * file, for bindings of it, and for reads from any stream. */
  TSNode written = {0};
  TSNode chunk = {0}; /* the first argument of the write */
  bool streaming = false;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  bool at_root = true;
  for (;;) {
    TSNode current = ts_tree_cursor_current_node(&cursor);
    TSSymbol current_symbol = ts_node_symbol(current);
    bool descend = at_root || !is_scope_or_loop(syntax, current_symbol);
    at_root = false;
    if (current_symbol == syntax->kind.call) {
      TSNode file = written_file(syntax, source, current);
      if (!ts_node_is_null(file)) {
        uint32_t length;
        const char *text = hl_node_text(file, source, &length);
        hl_name_entry *entry = hl_name_set_find(&files->names, text, length);
        if (entry && entry->value && ts_node_is_null(written)) {
          written = file;
          TSNode arguments =
              ts_node_child_by_field_id(current, syntax->field.arguments);
          if (!ts_node_is_null(arguments))
            chunk = ts_node_named_child(arguments, 0);
        }
      }
      TSNode function =
          ts_node_child_by_field_id(current, syntax->field.function);
      if (!ts_node_is_null(function) &&
          ts_node_symbol(function) == syntax->kind.attribute) {
        TSNode attribute =
            ts_node_child_by_field_id(function, syntax->field.attribute);
        uint32_t length;
        const char *text = hl_node_text(attribute, source, &length);
        if (!ts_node_is_null(attribute) && is_read_method(text, length))
          streaming = true;
      }
    }
    if (streaming)
      break;
    if (descend && current_symbol != syntax->kind.identifier &&
        ts_tree_cursor_goto_first_child(&cursor))
      continue;
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor))
        break;
    }
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  if (streaming || ts_node_is_null(written))
    return;
  /* the file is opened again inside the loop: a new file per iteration */
  uint32_t length;
  const char *text = hl_node_text(written, source, &length);
  TSNode body = ts_node_child_by_field_id(node, syntax->field.body);
  if (ts_node_is_null(body))
    return;
  TSTreeCursor scan = ts_tree_cursor_new(node);
  bool rebound = false;
  bool is_while = symbol == syntax->kind.while_statement;
  for (;;) {
    TSNode current = ts_tree_cursor_current_node(&scan);
    TSSymbol current_symbol = ts_node_symbol(current);
    if (current_symbol == syntax->kind.as_pattern ||
        current_symbol == syntax->kind.assignment ||
        current_symbol == syntax->kind.for_statement ||
        current_symbol == syntax->kind.named_expression) {
      TSNode target = ts_node_child_by_field_id(
          current, current_symbol == syntax->kind.as_pattern
                       ? syntax->field.alias
                   : current_symbol == syntax->kind.named_expression
                       ? syntax->field.name
                       : syntax->field.left);
      if (!ts_node_is_null(target) &&
          count_name(syntax, source, target, text, length, 1)) {
        rebound = true;
        break;
      }
      /* while loops: the chunk written is produced by a call in the loop,
       * as in `line = conn.getline(); ...; f.write(line)` */
      if (is_while && !ts_node_is_null(target) && !ts_node_is_null(chunk) &&
          ts_node_symbol(chunk) == syntax->kind.identifier &&
          ts_node_symbol(target) == syntax->kind.identifier &&
          current_symbol != syntax->kind.for_statement) {
        uint32_t chunk_length;
        const char *chunk_text = hl_node_text(chunk, source, &chunk_length);
        TSNode value = ts_node_child_by_field_id(current, syntax->field.value);
        if (current_symbol == syntax->kind.assignment)
          value = ts_node_child_by_field_id(current, syntax->field.right);
        if (same_text(target, source, chunk_text, chunk_length) &&
            !ts_node_is_null(value) &&
            ts_node_symbol(value) == syntax->kind.call) {
          rebound = true;
          break;
        }
      }
    }
    if (ts_tree_cursor_goto_first_child(&scan))
      continue;
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&scan)) {
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&scan))
        break;
    }
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&scan);
  if (rebound)
    return;
  hl_pending *pending = hl_model_report(
      model, context->rule, ts_node_start_byte(node), ts_node_end_byte(node));
  hl_pending_capture(pending, "file", text, length);
}

static const char *const write_kinds[] = {
    "assignment", "as_pattern", "for_statement", "while_statement", NULL};

const hl_check hl_check_write_in_loop = {
    .name = "write_in_loop",
    .kinds = write_kinds,
    .on_node = write_on_node,
    .on_bind = write_on_bind,
};

/* ---- HOT206 char-by-char-loop ------------------------------------------- */

/* A str literal (not bytes), or a `.read()` / `.read_text()` call. */
static bool is_text_source(const hl_syntax *syntax, const char *source,
                           TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.string) {
    TSNode start = ts_node_child(node, 0);
    if (ts_node_is_null(start) ||
        ts_node_symbol(start) != syntax->kind.string_start)
      return false;
    uint32_t length;
    const char *text = hl_node_text(start, source, &length);
    for (uint32_t i = 0; i < length && text[i] != '"' && text[i] != '\''; i++)
      if (text[i] == 'b' || text[i] == 'B')
        return false;
    return true;
  }
  if (symbol != syntax->kind.call)
    return false;
  TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(node, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list)
    return false;
  TSNode attribute =
      ts_node_child_by_field_id(function, syntax->field.attribute);
  if (ts_node_is_null(attribute))
    return false;
  if (hl_node_text_is(attribute, source, "read_text"))
    return true;
  /* f.read() reads everything; f.read(n) is a bounded chunk */
  return hl_node_text_is(attribute, source, "read") &&
         ts_node_named_child_count(arguments) == 0;
}

static hl_name_set *texts_of(hl_check_context *context, hl_scope *scope) {
  hl_name_set **set = (hl_name_set **)&scope->check_data[context->slot];
  if (!*set)
    *set = hl_arena_calloc(context->model->arena, 1, sizeof(hl_name_set));
  return *set;
}

static void char_on_bind(hl_check_context *context, TSNode name,
                         TSNode statement, bool rebinds_global) {
  (void)rebinds_global;
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  uint32_t value = 0; /* 1: known text, 0: bound to something else */
  if (ts_node_symbol(statement) == syntax->kind.assignment &&
      ts_node_eq(ts_node_child_by_field_id(statement, syntax->field.left),
                 name)) {
    TSNode type = ts_node_child_by_field_id(statement, syntax->field.type);
    TSNode right = ts_node_child_by_field_id(statement, syntax->field.right);
    if (!ts_node_is_null(type))
      value = hl_node_text_is(type, model->source, "str");
    else if (!ts_node_is_null(right))
      value = is_text_source(syntax, model->source, right);
  }
  hl_name_set_add(texts_of(context, scope), model->arena, text, length)->value =
      value;
}

/* A parameter of the enclosing function annotated `str`. */
static bool is_str_parameter(const hl_syntax *syntax, const char *source,
                             hl_scope *scope, const char *name,
                             uint32_t length) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return false;
  TSNode parameters =
      ts_node_child_by_field_id(scope->node, syntax->field.parameters);
  if (ts_node_is_null(parameters))
    return false;
  uint32_t count = ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    TSSymbol symbol = ts_node_symbol(parameter);
    TSNode identifier;
    if (symbol == syntax->kind.typed_parameter)
      identifier = ts_node_named_child(parameter, 0);
    else if (symbol == syntax->kind.typed_default_parameter)
      identifier = ts_node_child_by_field_id(parameter, syntax->field.name);
    else
      continue;
    if (ts_node_is_null(identifier) ||
        ts_node_symbol(identifier) != syntax->kind.identifier ||
        !same_text(identifier, source, name, length))
      continue;
    TSNode type = ts_node_child_by_field_id(parameter, syntax->field.type);
    return !ts_node_is_null(type) && hl_node_text_is(type, source, "str");
  }
  return false;
}

/* True if the loop body compares the character, indexes with it or passes
 * it to ord(). */
static bool does_char_work(const hl_syntax *syntax, const char *source,
                           TSNode body, const char *name, uint32_t length) {
  bool work = false;
  TSTreeCursor cursor = ts_tree_cursor_new(body);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == syntax->kind.identifier) {
      TSFieldId field = ts_tree_cursor_current_field_id(&cursor);
      if (field != syntax->field.attribute &&
          same_text(node, source, name, length)) {
        TSNode parent = ts_node_parent(node);
        TSSymbol parent_symbol = ts_node_symbol(parent);
        if (parent_symbol == syntax->kind.comparison_operator ||
            (parent_symbol == syntax->kind.subscript &&
             field != syntax->field.value)) {
          work = true;
        } else if (parent_symbol == syntax->kind.argument_list) {
          TSNode call = ts_node_parent(parent);
          TSNode function =
              ts_node_is_null(call)
                  ? call
                  : ts_node_child_by_field_id(call, syntax->field.function);
          work = !ts_node_is_null(function) &&
                 hl_node_text_is(function, source, "ord");
        }
        if (work)
          break;
      }
    } else if (symbol != syntax->kind.function_definition &&
               symbol != syntax->kind.class_definition &&
               symbol != syntax->kind.lambda &&
               ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    bool more = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        more = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor))
        break;
    }
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return work;
}

static void char_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  TSNode left = ts_node_child_by_field_id(loop, syntax->field.left);
  TSNode right = ts_node_child_by_field_id(loop, syntax->field.right);
  TSNode body = ts_node_child_by_field_id(loop, syntax->field.body);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_is_null(body) || ts_node_symbol(left) != syntax->kind.identifier)
    return;
  if (ts_node_symbol(right) == syntax->kind.identifier) {
    uint32_t length;
    const char *text = hl_node_text(right, source, &length);
    hl_name_set *texts = scope->check_data[context->slot];
    hl_name_entry *entry = texts ? hl_name_set_find(texts, text, length) : NULL;
    if (entry ? !entry->value
              : !is_str_parameter(syntax, source, scope, text, length))
      return;
  } else if (!is_text_source(syntax, source, right)) {
    return;
  }
  uint32_t length;
  const char *name = hl_node_text(left, source, &length);
  if (!does_char_work(syntax, source, body, name, length))
    return;
  hl_pending *pending = hl_model_report(
      model, context->rule, ts_node_start_byte(loop), ts_node_end_byte(loop));
  hl_pending_capture(pending, "char", name, length);
  uint32_t right_length;
  const char *right_text = hl_node_text(right, source, &right_length);
  hl_pending_capture(pending, "text", right_text, right_length);
}

const hl_check hl_check_char_loop = {
    .name = "char_loop",
    .kinds = for_kinds,
    .on_node = char_on_node,
    .on_bind = char_on_bind,
};
