/* Scope model: the per-file state of the one walk. It keeps the scope stack
 * (module / class / function / lambda, loops, `if TYPE_CHECKING:`, the main
 * guard), the names each scope binds, and records the facts that module-wide
 * decisions need: functions, classes, calls made inside loops, module-level
 * bindings and how often each is rebound, comments. It also holds the
 * pending findings until hotness and suppressions are resolved.
 *
 * Everything lives in the checker's arena and dies with the file; nothing
 * here is shared between threads. The walk itself (which node is entered
 * when) is in rules/walk.c; this file only answers and records. */
#ifndef HOTLINT_MODEL_MODEL_H
#define HOTLINT_MODEL_MODEL_H

#include "base/arena.h"
#include "base/array.h"
#include "hotlint/hotlint.h"
#include "source/text.h"
#include "syntax/syntax.h"
#include "syntax/tree_walk.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- Name sets: (pointer, length) keys into the source, arena-backed ---- */

typedef struct hl_name_entry {
  const char *name;
  uint32_t length;
  uint32_t value; /* what the owner counts or flags */
} hl_name_entry;

typedef struct hl_name_set {
  hl_name_entry *slots;
  uint32_t capacity; /* power of two, 0 = empty set */
  uint32_t count;
} hl_name_set;

/* Returns the entry for name, adding it with value 0 if absent. */
hl_name_entry *hl_name_set_add(hl_name_set *set, hl_arena *arena,
                               const char *name, uint32_t length);
/* Returns the entry or NULL. */
hl_name_entry *hl_name_set_find(const hl_name_set *set, const char *name,
                                uint32_t length);

/* ---- Scopes and facts -------------------------------------------------- */

typedef enum hl_scope_kind {
  HL_SCOPE_MODULE,
  HL_SCOPE_CLASS,
  HL_SCOPE_FUNCTION,
  HL_SCOPE_LAMBDA,
} hl_scope_kind;

/* A def. Hotness is filled in by hl_model_resolve_hotness. */
typedef struct hl_function {
  const char *name;
  uint32_t name_length;
  int32_t class_index;     /* the class it is a method of, or -1 */
  int32_t parent_function; /* enclosing function, or -1 */
  uint32_t start_byte, end_byte;
  uint32_t def_line; /* 0-based line of the `def` keyword */
  bool is_async;
  bool is_dunder_hot; /* an implicitly, often called dunder */
  bool marked_hot;    /* `# hotlint: hot` on the def line */
  /* resolved */
  bool hot;
  uint32_t reason_count;
  const char *reasons[3]; /* arena text: why it is hot */
} hl_function;

typedef struct hl_class {
  const char *name;
  uint32_t name_length;
  int32_t parent_function; /* -1 for classes at module or class level */
  uint32_t start_byte, end_byte;
  uint32_t class_keyword_byte; /* the `class` keyword (anchor) */
  TSNode node;                 /* class_definition */
  TSNode decorated;            /* decorated_definition, or null */
  bool defines_slots;
  int32_t init_function;   /* __init__, or -1 */
  uint32_t first_function; /* its methods are functions[first_function..] */
  hl_name_set body_names;  /* names bound in the class body */
  const char *hot_reason;  /* instantiated in a loop or hot code */
} hl_class;

/* A call made inside a loop (or a hot-looking place) that can mark its
 * callee hot: `f(...)`, `self.m(...)`, `Cls.m(...)`. */
typedef enum hl_call_form {
  HL_CALL_NAME,   /* f(...) */
  HL_CALL_SELF,   /* self.m(...) / cls.m(...) in a method */
  HL_CALL_DOTTED, /* X.m(...), resolved if X is a class of the module */
} hl_call_form;

typedef struct hl_call_site {
  hl_call_form form;
  const char *receiver; /* X for dotted calls */
  uint32_t receiver_length;
  const char *callee;
  uint32_t callee_length;
  int32_t caller_class;    /* class of the calling method, for self calls */
  int32_t caller_function; /* -1 at module level */
  uint32_t line;           /* 0-based */
  bool in_loop;            /* false: made from a function, for transitive use */
} hl_call_site;

typedef struct hl_scope {
  hl_scope_kind kind;
  int32_t function; /* index into functions for FUNCTION scopes, or -1 */
  int32_t
      class_index; /* CLASS: this class; FUNCTION: class it is a method of */
  TSNode node;
  bool is_classmethod;  /* FUNCTION: decorated @classmethod */
  bool is_staticmethod; /* FUNCTION: decorated @staticmethod */
  uint32_t loop_depth;  /* loops of this scope currently open */
  uint32_t loop_start;  /* byte offset of the innermost open loop */
  TSSymbol loop_kind;
  bool is_async;
  const char *self_name; /* first parameter of a method, or NULL */
  uint32_t self_length;
  hl_name_set locals;  /* names bound in this scope (functions) */
  hl_name_set globals; /* names declared `global` */
  hl_name_set nonlocals;
  hl_name_set imports;  /* names bound by import statements */
  void *check_data[32]; /* per-scope state of native checks, by slot */
} hl_scope;

/* ---- Pending findings -------------------------------------------------- */

typedef struct hl_capture {
  const char *name;
  const char *text;
  uint32_t length;
  uint32_t start_byte, end_byte; /* its span, or UINT32_MAX: not source */
} hl_capture;

/* An edit a native check proposes for a finding's fix (arena-owned). */
typedef struct hl_pending_edit {
  struct hl_pending_edit *next;
  uint32_t start_byte, end_byte;
  const char *text;
  uint32_t length;
} hl_pending_edit;

enum { HL_MAX_CAPTURES = 8 };

typedef struct hl_pending {
  uint32_t rule; /* index into the rule set */
  uint32_t start_byte, end_byte;
  int32_t function;    /* innermost function, or -1 */
  int32_t class_index; /* class for class rules (hotness from uses) */
  hl_scope_kind scope_kind;
  uint32_t loop_start; /* innermost loop of its own scope, or UINT32_MAX */
  TSSymbol loop_kind;
  bool in_main_guard;
  unsigned context;   /* HL_CONTEXT_* true where it was reported */
  bool class_hotness; /* hot when its class is used in hot code */
  bool has_related;
  uint32_t related_start, related_end;
  const char *related_message;
  uint32_t capture_count;
  hl_capture captures[HL_MAX_CAPTURES];
  hl_pending_edit *edits; /* in the order added */
  hl_pending_edit *last_edit;
} hl_pending;

typedef struct hl_byte_range {
  uint32_t start, end;
} hl_byte_range;

/* One step of the walk's path from the root to the current node. */
typedef struct hl_path_entry {
  TSNode node;
  TSSymbol symbol; /* ts_node_symbol(node) */
  TSFieldId field; /* field of node in its parent, 0 if none */
} hl_path_entry;

/* The whole per-file state. */
typedef struct hl_model {
  const hl_syntax *syntax;
  const char *file_path; /* as given to hotlint_check; may be NULL */
  const char *source;
  uint32_t length;
  hl_arena *arena;
  hl_line_index lines;

  HL_ARRAY(hl_path_entry) path; /* root .. current node */
  hl_field_cache fields;        /* see hl_model_field */
  HL_ARRAY(hl_scope) scopes;
  HL_ARRAY(hl_function) functions;
  HL_ARRAY(hl_class) classes;
  HL_ARRAY(hl_call_site) calls;
  HL_ARRAY(hl_byte_range) comments;
  HL_ARRAY(hl_pending) pending;

  uint32_t type_checking_depth; /* open `if TYPE_CHECKING:` blocks */
  uint32_t main_guard_depth;    /* open `if __name__ == "__main__":` blocks */

  hl_name_set module_bindings; /* value: number of module-level bindings */
  hl_name_set module_rebound;  /* names rebound through `global` */
  hl_name_set module_imports;  /* names bound by module-level imports */
  hl_name_set module_classes;  /* value: class index + 1 */
} hl_model;

/* ts_node_child_by_field_id, remembered for the last node asked about:
 * the walk and the checks read the same fields of the node being visited. */
static inline TSNode hl_model_field(hl_model *model, TSNode node,
                                    TSFieldId field) {
  return hl_field_cache_child(&model->fields, node, field);
}

/* Starts a file: everything from the previous file is forgotten (the arena
 * must have been reset by the caller). */
void hl_model_begin(hl_model *model, const hl_syntax *syntax, hl_arena *arena,
                    const char *file_path, const char *source, uint32_t length);
/* Frees the arrays (not the arena). */
void hl_model_release(hl_model *model);

static inline hl_scope *hl_model_scope(hl_model *model) {
  return &hl_array_last(&model->scopes);
}

/* Nearest enclosing function scope (through lambdas, not through classes),
 * or NULL. */
hl_scope *hl_model_function_scope(hl_model *model);

/* The class whose body or method (through nested defs) the current node is
 * in: the nearest scope with a class, or -1. */
int32_t hl_model_current_class(const hl_model *model);

/* Scope push/pop for the walk. */
hl_scope *hl_model_push_scope(hl_model *model, hl_scope_kind kind, TSNode node);
void hl_model_pop_scope(hl_model *model);

/* Records that `name` is bound in the current scope; returns true if it is
 * a module global rebound from a function through a `global` statement. */
bool hl_model_bind(hl_model *model, const char *name, uint32_t length);

/* The sorted table behind hl_is_builtin_name (for its self-test). */
const char *const *hl_builtin_names(size_t *count);

/* True if the name is a Python builtin (int, len, abs, ...). */
bool hl_is_builtin_name(const char *name, uint32_t length);

/* Index of the first recorded comment on the 0-based `line` (comments are
 * recorded in source order), or comments.count when there is none. */
size_t hl_model_first_comment_on_line(const hl_model *model, uint32_t line);

/* HL_CONTEXT_* flags (rules/rule.h) true at the current node. */
unsigned hl_model_context(hl_model *model);

/* Records a pending finding at [start, end) for `rule` in the current
 * context; returns it so the caller can add captures. */
hl_pending *hl_model_report(hl_model *model, uint32_t rule, uint32_t start,
                            uint32_t end);
void hl_pending_capture(hl_pending *pending, const char *name, const char *text,
                        uint32_t length);
/* The same for a capture that is the source span [start, end), which a
 * rule's `fix.target` can then name. */
void hl_pending_capture_span(hl_pending *pending, const char *name,
                             const char *text, uint32_t length, uint32_t start,
                             uint32_t end);
/* Adds an edit to the finding's fix: replace [start, end) with `text`
 * (copied into the arena). Used only if the rule has a `fix:` field. */
void hl_pending_add_edit(hl_model *model, hl_pending *pending, uint32_t start,
                         uint32_t end, const char *text, uint32_t length);

/* After the walk: decides every function's hotness (dunders, markers, calls
 * from loops) and computes each pending finding's level and reasons. */
void hl_model_resolve_functions(hl_model *model,
                                const hotlint_hot_function *hot_functions,
                                size_t hot_function_count);
hotlint_hotness hl_model_pending_hotness(hl_model *model,
                                         const hl_pending *pending,
                                         const char **reasons,
                                         size_t *reason_count,
                                         size_t max_reasons);

#endif
