/* HOT205 write-in-loop: `f.write(...)`, `f.writelines([one])`, or
 *   `print(..., file=f)` in a `for`/`while` loop of the scope that opened `f`
 *   before the loop (`f = open(...)`, `f = p.open(...)`, `with open(...) as
 *   f`). Not reported: `f` rebound inside the loop (a new file per
 *   iteration), anything not bound from an `open` call (io.StringIO,
 *   sys.stdout, csv writers), `print` without `file=`, streaming copies: a
 *   loop that calls `.read*()` / `.recv*()` anywhere, or iterates over
 *   another opened file or stdin. Writes inside a nested loop are reported
 *   at that nested loop only.
 *
 * Subtree scans use one tree cursor per candidate loop (after the cheap
 * filters), never per node, and no recursion. */
#include "checks/loop_shared.h"

#include <string.h>

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
  return hl_loop_same_text(first, source, text, length);
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
      name = hl_model_field(context->model, node, syntax->field.left);
      value = hl_model_field(context->model, node, syntax->field.right);
    } else {
      name = hl_model_field(context->model, node, syntax->field.alias);
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
    TSNode right = hl_model_field(context->model, node, syntax->field.right);
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
          hl_model_field(context->model, right, syntax->field.attribute);
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
              hl_model_field(context->model, current, syntax->field.arguments);
          if (!ts_node_is_null(arguments))
            chunk = ts_node_named_child(arguments, 0);
        }
      }
      TSNode function =
          hl_model_field(context->model, current, syntax->field.function);
      if (!ts_node_is_null(function) &&
          ts_node_symbol(function) == syntax->kind.attribute) {
        TSNode attribute =
            hl_model_field(context->model, function, syntax->field.attribute);
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
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  if (streaming || ts_node_is_null(written))
    return;
  /* the file is opened again inside the loop: a new file per iteration */
  uint32_t length;
  const char *text = hl_node_text(written, source, &length);
  TSNode body = hl_model_field(context->model, node, syntax->field.body);
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
      TSNode target = hl_model_field(
          context->model, current,
          current_symbol == syntax->kind.as_pattern ? syntax->field.alias
          : current_symbol == syntax->kind.named_expression
              ? syntax->field.name
              : syntax->field.left);
      if (!ts_node_is_null(target) &&
          hl_loop_count_name(syntax, source, target, text, length, 1)) {
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
        TSNode value =
            hl_model_field(context->model, current, syntax->field.value);
        if (current_symbol == syntax->kind.assignment)
          value = hl_model_field(context->model, current, syntax->field.right);
        if (hl_loop_same_text(target, source, chunk_text, chunk_length) &&
            !ts_node_is_null(value) &&
            ts_node_symbol(value) == syntax->kind.call) {
          rebound = true;
          break;
        }
      }
    }
    if (ts_tree_cursor_goto_first_child(&scan))
      continue;
    if (!hl_cursor_skip_subtree(&scan))
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
