/* Scope model: name sets, the scope stack, bindings, pending findings and
 * the module-wide resolution of hotness. See model.h. */
#include "model/model.h"

#include "rules/rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Name sets ---------------------------------------------------------- */

static uint32_t hash_name(const char *name, uint32_t length) {
  uint32_t hash = 2166136261u; /* FNV-1a */
  for (uint32_t i = 0; i < length; i++)
    hash = (hash ^ (unsigned char)name[i]) * 16777619u;
  return hash;
}

static hl_name_entry *probe(const hl_name_set *set, const char *name,
                            uint32_t length) {
  uint32_t mask = set->capacity - 1;
  uint32_t slot = hash_name(name, length) & mask;
  for (;;) {
    hl_name_entry *entry = &set->slots[slot];
    if (!entry->name ||
        (entry->length == length && memcmp(entry->name, name, length) == 0))
      return entry;
    slot = (slot + 1) & mask;
  }
}

hl_name_entry *hl_name_set_find(const hl_name_set *set, const char *name,
                                uint32_t length) {
  if (!set->capacity)
    return NULL;
  hl_name_entry *entry = probe(set, name, length);
  return entry->name ? entry : NULL;
}

hl_name_entry *hl_name_set_add(hl_name_set *set, hl_arena *arena,
                               const char *name, uint32_t length) {
  if ((set->count + 1) * 4 > set->capacity * 3) {
    hl_name_set grown = {0};
    grown.capacity = set->capacity ? set->capacity * 2 : 16;
    grown.slots = hl_arena_calloc(arena, grown.capacity, sizeof(hl_name_entry));
    for (uint32_t i = 0; i < set->capacity; i++) {
      if (set->slots[i].name) {
        *probe(&grown, set->slots[i].name, set->slots[i].length) =
            set->slots[i];
        grown.count++;
      }
    }
    *set = grown;
  }
  hl_name_entry *entry = probe(set, name, length);
  if (!entry->name) {
    entry->name = name;
    entry->length = length;
    entry->value = 0;
    set->count++;
  }
  return entry;
}

/* ---- Builtins ----------------------------------------------------------- */

static const char *const builtin_names[] = {
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__build_class__",
    "__debug__",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
};

static int compare_name(const void *key, const void *item) {
  return strcmp((const char *)key, *(const char *const *)item);
}

const char *const *hl_builtin_names(size_t *count) {
  *count = sizeof builtin_names / sizeof builtin_names[0];
  return builtin_names;
}

bool hl_is_builtin_name(const char *name, uint32_t length) {
  char word[64];
  if (length == 0 || length >= sizeof word)
    return false;
  memcpy(word, name, length);
  word[length] = '\0';
  return bsearch(word, builtin_names, sizeof builtin_names / sizeof(char *),
                 sizeof(char *), compare_name) != NULL;
}

/* ---- Scopes ------------------------------------------------------------- */

void hl_model_begin(hl_model *model, const hl_syntax *syntax, hl_arena *arena,
                    const char *file_path, const char *source,
                    uint32_t length) {
  model->file_path = file_path;
  hl_array_clear(&model->path);
  hl_field_cache_clear(&model->fields);
  hl_array_clear(&model->scopes);
  hl_array_clear(&model->functions);
  hl_array_clear(&model->classes);
  hl_array_clear(&model->calls);
  hl_array_clear(&model->comments);
  hl_array_clear(&model->pending);
  model->syntax = syntax;
  model->arena = arena;
  model->source = source;
  model->length = length;
  model->type_checking_depth = 0;
  model->main_guard_depth = 0;
  memset(&model->module_bindings, 0, sizeof model->module_bindings);
  memset(&model->module_rebound, 0, sizeof model->module_rebound);
  memset(&model->module_imports, 0, sizeof model->module_imports);
  memset(&model->module_classes, 0, sizeof model->module_classes);
  hl_line_index_build(&model->lines, arena, source, length);
}

void hl_model_release(hl_model *model) {
  hl_array_free(&model->path);
  hl_array_free(&model->scopes);
  hl_array_free(&model->functions);
  hl_array_free(&model->classes);
  hl_array_free(&model->calls);
  hl_array_free(&model->comments);
  hl_array_free(&model->pending);
}

hl_scope *hl_model_function_scope(hl_model *model) {
  for (size_t i = model->scopes.count; i-- > 0;) {
    hl_scope *scope = &model->scopes.items[i];
    if (scope->kind == HL_SCOPE_FUNCTION)
      return scope;
    if (scope->kind != HL_SCOPE_LAMBDA)
      return NULL;
  }
  return NULL;
}

int32_t hl_model_current_class(const hl_model *model) {
  for (size_t i = model->scopes.count; i-- > 0;)
    if (model->scopes.items[i].class_index >= 0)
      return model->scopes.items[i].class_index;
  return -1;
}

hl_scope *hl_model_push_scope(hl_model *model, hl_scope_kind kind,
                              TSNode node) {
  hl_scope scope;
  memset(&scope, 0, sizeof scope);
  scope.kind = kind;
  scope.node = node;
  scope.function = -1;
  scope.class_index = -1;
  scope.loop_start = UINT32_MAX;
  hl_array_push(&model->scopes, scope);
  return hl_model_scope(model);
}

void hl_model_pop_scope(hl_model *model) {
  if (model->scopes.count > 1)
    model->scopes.count--;
}

/* ---- Bindings ----------------------------------------------------------- */

bool hl_model_bind(hl_model *model, const char *name, uint32_t length) {
  hl_scope *scope = hl_model_scope(model);
  switch (scope->kind) {
  case HL_SCOPE_MODULE:
    hl_name_set_add(&model->module_bindings, model->arena, name, length)
        ->value++;
    return false;
  case HL_SCOPE_CLASS:
    if (scope->class_index >= 0)
      hl_name_set_add(&model->classes.items[scope->class_index].body_names,
                      model->arena, name, length)
          ->value++;
    return false;
  case HL_SCOPE_FUNCTION:
    if (hl_name_set_find(&scope->globals, name, length)) {
      hl_name_set_add(&model->module_rebound, model->arena, name, length)
          ->value++;
      return true;
    }
    if (!hl_name_set_find(&scope->nonlocals, name, length))
      hl_name_set_add(&scope->locals, model->arena, name, length)->value++;
    return false;
  case HL_SCOPE_LAMBDA:
    return false;
  }
  return false;
}

/* ---- Pending findings --------------------------------------------------- */

unsigned hl_model_context(hl_model *model) {
  hl_scope *scope = hl_model_scope(model);
  unsigned context = 0;
  switch (scope->kind) {
  case HL_SCOPE_FUNCTION:
    context |= HL_CONTEXT_FUNCTION;
    if (scope->is_async)
      context |= HL_CONTEXT_ASYNC_FUNCTION;
    break;
  case HL_SCOPE_CLASS:
    context |= HL_CONTEXT_CLASS_BODY;
    break;
  case HL_SCOPE_MODULE:
    context |= HL_CONTEXT_MODULE;
    break;
  case HL_SCOPE_LAMBDA:
    break;
  }
  if (scope->loop_depth)
    context |= HL_CONTEXT_LOOP;
  if (model->type_checking_depth)
    context |= HL_CONTEXT_TYPE_CHECKING;
  if (model->main_guard_depth)
    context |= HL_CONTEXT_MAIN_GUARD;
  return context;
}

hl_pending *hl_model_report(hl_model *model, uint32_t rule, uint32_t start,
                            uint32_t end) {
  hl_pending pending;
  memset(&pending, 0, sizeof pending);
  pending.rule = rule;
  pending.start_byte = start;
  pending.end_byte = end;
  pending.class_index = -1;
  pending.function = -1;
  pending.loop_start = UINT32_MAX;
  hl_scope *scope = hl_model_scope(model);
  pending.scope_kind = scope->kind;
  hl_scope *function = hl_model_function_scope(model);
  if (function)
    pending.function = function->function;
  if (scope->kind == HL_SCOPE_CLASS)
    pending.class_index = scope->class_index;
  if (scope->loop_depth) {
    pending.loop_start = scope->loop_start;
    pending.loop_kind = scope->loop_kind;
  }
  pending.in_main_guard =
      model->main_guard_depth > 0 && scope->kind == HL_SCOPE_MODULE;
  pending.context = hl_model_context(model);
  hl_array_push(&model->pending, pending);
  return &hl_array_last(&model->pending);
}

void hl_pending_capture_span(hl_pending *pending, const char *name,
                             const char *text, uint32_t length, uint32_t start,
                             uint32_t end) {
  hl_capture *capture = NULL;
  for (uint32_t i = 0; i < pending->capture_count && !capture; i++)
    if (!strcmp(pending->captures[i].name, name))
      capture = &pending->captures[i];
  if (!capture && pending->capture_count < HL_MAX_CAPTURES) {
    capture = &pending->captures[pending->capture_count++];
    capture->name = name;
  }
  if (!capture)
    return;
  capture->text = text;
  capture->length = length;
  capture->start_byte = start;
  capture->end_byte = end;
}

void hl_pending_capture(hl_pending *pending, const char *name, const char *text,
                        uint32_t length) {
  hl_pending_capture_span(pending, name, text, length, UINT32_MAX, UINT32_MAX);
}

void hl_pending_add_edit(hl_model *model, hl_pending *pending, uint32_t start,
                         uint32_t end, const char *text, uint32_t length) {
  hl_pending_edit *edit = hl_arena_calloc(model->arena, 1, sizeof *edit);
  edit->start_byte = start;
  edit->end_byte = end;
  edit->text = hl_arena_strndup(model->arena, text, length);
  edit->length = length;
  if (pending->last_edit)
    pending->last_edit->next = edit;
  else
    pending->edits = edit;
  pending->last_edit = edit;
}

/* ---- Hotness ------------------------------------------------------------ */

static const char *arena_printf(hl_arena *arena, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static const char *arena_printf(hl_arena *arena, const char *format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof buffer)
    n = sizeof buffer - 1;
  return hl_arena_strndup(arena, buffer, (size_t)n);
}

static void add_function_reason(hl_function *function, const char *reason) {
  function->hot = true;
  if (function->reason_count < 3)
    function->reasons[function->reason_count++] = reason;
}

/* Short, printable form of a name for messages (names are never huge in
 * practice, but a 200 000-character identifier must not flood output). */
static int short_length(uint32_t length) {
  return length > 60 ? 60 : (int)length;
}

size_t hl_model_first_comment_on_line(const hl_model *model, uint32_t line) {
  uint32_t line_start = hl_line_start(&model->lines, line);
  size_t low = 0, high = model->comments.count;
  while (low < high) {
    size_t mid = (low + high) / 2;
    if (model->comments.items[mid].start < line_start)
      low = mid + 1;
    else
      high = mid;
  }
  return low;
}

static bool comment_marks_hot(hl_model *model, uint32_t line) {
  uint32_t next_line = hl_line_start(&model->lines, line + 1);
  for (size_t i = hl_model_first_comment_on_line(model, line);
       i < model->comments.count; i++) {
    hl_byte_range range = model->comments.items[i];
    if (range.start >= next_line)
      break;
    const char *text = model->source + range.start;
    uint32_t length = range.end - range.start;
    static const char marker[] = "hotlint: hot";
    for (uint32_t k = 0; k + sizeof marker - 1 <= length; k++) {
      if (memcmp(text + k, marker, sizeof marker - 1) == 0) {
        /* not "hotlint: hotness" or similar */
        uint32_t after = k + sizeof marker - 1;
        if (after == length || text[after] == ' ' || text[after] == '\t' ||
            text[after] == '#' || text[after] == '\r')
          return true;
      }
    }
  }
  return false;
}

static const char *call_text(hl_model *model, const hl_call_site *call) {
  switch (call->form) {
  case HL_CALL_NAME:
    return arena_printf(model->arena, "%.*s(...)",
                        short_length(call->callee_length), call->callee);
  case HL_CALL_SELF:
    return arena_printf(model->arena, "%.*s.%.*s(...)",
                        short_length(call->receiver_length), call->receiver,
                        short_length(call->callee_length), call->callee);
  case HL_CALL_DOTTED:
    return arena_printf(model->arena, "%.*s.%.*s(...)",
                        short_length(call->receiver_length), call->receiver,
                        short_length(call->callee_length), call->callee);
  }
  return "";
}

static bool same_name(const char *a, uint32_t a_length, const char *b,
                      uint32_t b_length) {
  return a_length == b_length && memcmp(a, b, a_length) == 0;
}

static void mark_callees(hl_model *model, const hl_call_site *call) {
  int32_t class_index = -1;
  if (call->form == HL_CALL_SELF) {
    class_index = call->caller_class;
  } else if (call->form == HL_CALL_DOTTED) {
    hl_name_entry *entry = hl_name_set_find(
        &model->module_classes, call->receiver, call->receiver_length);
    if (!entry)
      return;
    class_index = (int32_t)entry->value - 1;
  } else {
    hl_name_entry *entry = hl_name_set_find(&model->module_classes,
                                            call->callee, call->callee_length);
    if (entry && call->in_loop) {
      hl_class *cls = &model->classes.items[entry->value - 1];
      if (!cls->hot_reason)
        cls->hot_reason = arena_printf(
            model->arena, "instantiated in a loop at line %u (`%s`)",
            call->line + 1, call_text(model, call));
    }
  }
  if (!call->in_loop)
    return;
  for (size_t i = 0; i < model->functions.count; i++) {
    hl_function *function = &model->functions.items[i];
    if (function->class_index != class_index ||
        !same_name(function->name, function->name_length, call->callee,
                   call->callee_length))
      continue;
    if (call->form == HL_CALL_NAME && function->parent_function >= 0 &&
        function->parent_function != call->caller_function)
      continue; /* a nested function is only visible in its parent */
    if ((int32_t)i == call->caller_function)
      continue; /* recursion inside its own loop says nothing new */
    add_function_reason(function,
                        arena_printf(model->arena,
                                     "called in a loop at line %u (`%s`)",
                                     call->line + 1, call_text(model, call)));
  }
}

/* True if the user's name ("f" or "Cls.f") and path (a suffix of the
 * file's path, or NULL) designate this function. */
static bool user_names_function(const hl_model *model,
                                const hl_function *function,
                                const hotlint_hot_function *hot) {
  const char *name = hot->name;
  size_t length = strlen(name);
  const char *dot = memchr(name, '.', length);
  if (dot) {
    if (function->class_index < 0)
      return false;
    const hl_class *cls = &model->classes.items[function->class_index];
    if (!same_name(cls->name, cls->name_length, name, (uint32_t)(dot - name)))
      return false;
    name = dot + 1;
    length = strlen(name);
  }
  if (!same_name(function->name, function->name_length, name, (uint32_t)length))
    return false;
  if (!hot->path || !model->file_path)
    return true;
  /* either path may be the longer one: relative vs absolute */
  size_t a = strlen(hot->path), b = strlen(model->file_path);
  const char *longer = a >= b ? hot->path : model->file_path;
  const char *shorter = a >= b ? model->file_path : hot->path;
  size_t n = a >= b ? b : a;
  while (n > 2 && shorter[0] == '.' && shorter[1] == '/')
    shorter += 2, n -= 2;
  size_t l = strlen(longer);
  return !strcmp(longer + l - n, shorter) &&
         (l == n || longer[l - n - 1] == '/');
}

void hl_model_resolve_functions(hl_model *model,
                                const hotlint_hot_function *hot_functions,
                                size_t hot_function_count) {
  for (size_t i = 0; i < model->functions.count; i++) {
    hl_function *function = &model->functions.items[i];
    if (comment_marks_hot(model, function->def_line)) {
      function->marked_hot = true;
      add_function_reason(function, "marked `# hotlint: hot`");
    }
    for (size_t h = 0; h < hot_function_count; h++)
      if (user_names_function(model, function, &hot_functions[h]))
        add_function_reason(function, hot_functions[h].reason);
    if (function->is_dunder_hot)
      add_function_reason(
          function,
          arena_printf(model->arena,
                       "`%.*s` is called implicitly and often by the "
                       "interpreter",
                       short_length(function->name_length), function->name));
  }
  for (size_t i = 0; i < model->calls.count; i++)
    mark_callees(model, &model->calls.items[i]);
  /* Classes instantiated from hot functions (not only loops). */
  for (size_t i = 0; i < model->calls.count; i++) {
    const hl_call_site *call = &model->calls.items[i];
    if (call->form != HL_CALL_NAME || call->caller_function < 0)
      continue;
    hl_name_entry *entry = hl_name_set_find(&model->module_classes,
                                            call->callee, call->callee_length);
    if (!entry)
      continue;
    hl_class *cls = &model->classes.items[entry->value - 1];
    hl_function *caller = &model->functions.items[call->caller_function];
    if (!cls->hot_reason && caller->hot)
      cls->hot_reason = arena_printf(
          model->arena, "instantiated at line %u in hot function `%.*s`",
          call->line + 1, short_length(caller->name_length), caller->name);
  }
}

static const char *loop_name(const hl_model *model, TSSymbol kind) {
  const hl_kinds *kinds = &model->syntax->kind;
  if (kind == kinds->for_statement)
    return "a `for` loop";
  if (kind == kinds->while_statement)
    return "a `while` loop";
  if (kind == kinds->list_comprehension)
    return "a list comprehension";
  if (kind == kinds->set_comprehension)
    return "a set comprehension";
  if (kind == kinds->dictionary_comprehension)
    return "a dict comprehension";
  return "a generator expression";
}

hotlint_hotness hl_model_pending_hotness(hl_model *model,
                                         const hl_pending *pending,
                                         const char **reasons,
                                         size_t *reason_count,
                                         size_t max_reasons) {
  size_t count = 0;
#define ADD_REASON(text)                                                       \
  do {                                                                         \
    if (count < max_reasons)                                                   \
      reasons[count++] = (text);                                               \
  } while (0)
  hotlint_hotness level;
  if (pending->class_hotness && pending->class_index >= 0) {
    hl_class *cls = &model->classes.items[pending->class_index];
    if (cls->hot_reason) {
      level = HOTLINT_HOT;
      ADD_REASON(cls->hot_reason);
    } else {
      level = HOTLINT_WARM;
      ADD_REASON("not seen instantiated in a loop or hot function of this "
                 "module");
    }
    *reason_count = count;
    return level;
  }
  const hl_function *function = pending->function >= 0
                                    ? &model->functions.items[pending->function]
                                    : NULL;
  if (pending->loop_start != UINT32_MAX) {
    uint32_t line = hl_line_of(&model->lines, pending->loop_start) + 1;
    if (function || pending->scope_kind == HL_SCOPE_LAMBDA) {
      level = HOTLINT_HOT;
      ADD_REASON(arena_printf(model->arena, "inside %s (line %u)",
                              loop_name(model, pending->loop_kind), line));
    } else {
      level = HOTLINT_WARM;
      ADD_REASON(arena_printf(model->arena,
                              "inside %s at module level (line %u), which "
                              "runs once per import",
                              loop_name(model, pending->loop_kind), line));
    }
    if (function)
      for (uint32_t i = 0; i < function->reason_count; i++)
        ADD_REASON(function->reasons[i]);
  } else if (function && function->hot) {
    level = HOTLINT_HOT;
    for (uint32_t i = 0; i < function->reason_count; i++)
      ADD_REASON(function->reasons[i]);
  } else if (function) {
    level = HOTLINT_WARM;
    ADD_REASON(arena_printf(model->arena,
                            "in function `%.*s`, not called in a loop of this "
                            "module",
                            short_length(function->name_length),
                            function->name));
  } else if (pending->in_main_guard) {
    level = HOTLINT_COLD;
    ADD_REASON("under `if __name__ == \"__main__\":`, which runs once");
  } else if (pending->scope_kind == HL_SCOPE_CLASS) {
    level = HOTLINT_COLD;
    ADD_REASON("in a class body, which runs once");
  } else {
    level = HOTLINT_COLD;
    ADD_REASON("at module level, which runs once per import");
  }
#undef ADD_REASON
  *reason_count = count;
  return level;
}
