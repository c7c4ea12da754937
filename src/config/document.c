/* Configuration documents: pyproject.toml through tree-sitter-toml (its
 * syntax tree walked with explicit stacks, never recursion on depth) and
 * hotlint.yaml through libyaml's event stream, both into one tree of
 * hl_cfg_node with 1-based line and column (in code points) on every node.
 * No TOML grammar is written here: only the decoding of string literals and
 * TOML's rules for tables and keys on top of the parsed tree. */
#include "config/document.h"

#include "base/array.h"
#include "base/strbuf.h"
#include "syntax/syntax.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tree_sitter/api.h>
#include <yaml.h>

const TSLanguage *tree_sitter_toml(void);

/* ---- the tree ---------------------------------------------------------- */

static hl_cfg_node *new_node(hl_cfg_document *document, hl_cfg_kind kind,
                             unsigned line, unsigned column) {
  hl_cfg_node *node = hl_arena_calloc(&document->arena, 1, sizeof(hl_cfg_node));
  node->kind = kind;
  node->line = line;
  node->column = column;
  return node;
}

static void add_child(hl_cfg_document *document, hl_cfg_node *parent,
                      hl_cfg_node *child) {
  if (parent->child_count == parent->child_capacity) {
    size_t grown = parent->child_capacity ? parent->child_capacity * 2 : 8;
    hl_cfg_node **children =
        hl_arena_alloc(&document->arena, grown * sizeof(hl_cfg_node *));
    if (parent->child_count)
      memcpy(children, parent->children,
             parent->child_count * sizeof(hl_cfg_node *));
    parent->children = children;
    parent->child_capacity = grown;
  }
  parent->children[parent->child_count++] = child;
}

const hl_cfg_node *hl_cfg_table_get(const hl_cfg_node *table, const char *key) {
  if (!table || table->kind != HL_CFG_TABLE)
    return NULL;
  for (size_t i = 0; i < table->child_count; i++)
    if (strcmp(table->children[i]->key, key) == 0)
      return table->children[i];
  return NULL;
}

const char *hl_cfg_kind_name(hl_cfg_kind kind) {
  switch (kind) {
  case HL_CFG_STRING:
    return "a string";
  case HL_CFG_BOOLEAN:
    return "a boolean";
  case HL_CFG_INTEGER:
    return "an integer";
  case HL_CFG_FLOAT:
    return "a float";
  case HL_CFG_DATE:
    return "a date";
  case HL_CFG_ARRAY:
    return "an array";
  case HL_CFG_TABLE:
    return "a table";
  case HL_CFG_NULL:
    return "null";
  }
  return "a value";
}

void hl_cfg_document_free(hl_cfg_document *document) {
  hl_arena_free(&document->arena);
  document->root = NULL;
}

static void fail(hotlint_error *error, const char *origin, unsigned line,
                 unsigned column, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

static void fail(hotlint_error *error, const char *origin, unsigned line,
                 unsigned column, const char *format, ...) {
  int n = snprintf(error->message, sizeof(error->message), "%s:%u:%u: ", origin,
                   line, column);
  if (n < 0 || (size_t)n >= sizeof(error->message))
    return;
  va_list args;
  va_start(args, format);
  vsnprintf(error->message + n, sizeof(error->message) - (size_t)n, format,
            args);
  va_end(args);
}

/* ---- TOML -------------------------------------------------------------- */

typedef struct toml_reader {
  const char *origin;
  const char *text;
  hl_cfg_document *document;
  hotlint_error *error;
} toml_reader;

/* 1-based line and code-point column of a tree-sitter point. */
static void toml_position(const toml_reader *reader, TSNode node,
                          unsigned *line, unsigned *column) {
  TSPoint point = ts_node_start_point(node);
  uint32_t byte = ts_node_start_byte(node);
  uint32_t line_start = byte - point.column;
  unsigned count = 0;
  for (uint32_t i = line_start; i < byte; i++)
    if (((unsigned char)reader->text[i] & 0xC0) != 0x80)
      count++;
  *line = point.row + 1;
  *column = count + 1;
}

static bool toml_fail(toml_reader *reader, TSNode node, const char *format,
                      const char *subject) {
  unsigned line, column;
  toml_position(reader, node, &line, &column);
  fail(reader->error, reader->origin, line, column, format, subject);
  return false;
}

static void put_utf8(hl_strbuf *out, unsigned long code) {
  char bytes[4];
  size_t n;
  if (code < 0x80) {
    bytes[0] = (char)code;
    n = 1;
  } else if (code < 0x800) {
    bytes[0] = (char)(0xC0 | (code >> 6));
    bytes[1] = (char)(0x80 | (code & 0x3F));
    n = 2;
  } else if (code < 0x10000) {
    bytes[0] = (char)(0xE0 | (code >> 12));
    bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
    bytes[2] = (char)(0x80 | (code & 0x3F));
    n = 3;
  } else {
    bytes[0] = (char)(0xF0 | (code >> 18));
    bytes[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    bytes[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    bytes[3] = (char)(0x80 | (code & 0x3F));
    n = 4;
  }
  hl_strbuf_append(out, bytes, n);
}

/* Decodes a TOML string or quoted key literal (basic, literal, and their
 * multi-line forms) into the arena. The grammar already checked it. */
static const char *toml_string(toml_reader *reader, TSNode node) {
  const char *s = reader->text + ts_node_start_byte(node);
  size_t length = ts_node_end_byte(node) - ts_node_start_byte(node);
  char quote = s[0];
  size_t delimiter = length >= 6 && s[1] == quote && s[2] == quote ? 3 : 1;
  const char *p = s + delimiter, *end = s + length - delimiter;
  if (delimiter == 3) { /* a newline right after the opening is trimmed */
    if (p < end && *p == '\r')
      p++;
    if (p < end && *p == '\n')
      p++;
  }
  hl_strbuf out = {0};
  while (p < end) {
    if (quote == '\'' || *p != '\\') {
      hl_strbuf_putc(&out, *p++);
      continue;
    }
    p++;
    char c = p < end ? *p++ : 0;
    switch (c) {
    case 'b':
      hl_strbuf_putc(&out, '\b');
      break;
    case 't':
      hl_strbuf_putc(&out, '\t');
      break;
    case 'n':
      hl_strbuf_putc(&out, '\n');
      break;
    case 'f':
      hl_strbuf_putc(&out, '\f');
      break;
    case 'r':
      hl_strbuf_putc(&out, '\r');
      break;
    case 'e':
      hl_strbuf_putc(&out, '\x1b');
      break;
    case 'u':
    case 'U': {
      size_t digits = c == 'u' ? 4 : 8;
      unsigned long code = 0;
      for (size_t i = 0; i < digits && p < end; i++, p++) {
        char h = *p;
        code = code * 16 + (unsigned long)(h <= '9'   ? h - '0'
                                           : h <= 'F' ? h - 'A' + 10
                                                      : h - 'a' + 10);
      }
      put_utf8(&out, code);
      break;
    }
    case ' ':
    case '\t':
    case '\r':
    case '\n': /* line-ending backslash: skip all whitespace */
      while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
      break;
    default:
      hl_strbuf_putc(&out, c);
      break;
    }
  }
  const char *result =
      hl_arena_strndup(&reader->document->arena, hl_strbuf_cstr(&out), out.len);
  hl_strbuf_free(&out);
  return result;
}

static bool is_key_kind(const char *type) {
  return !strcmp(type, "bare_key") || !strcmp(type, "quoted_key") ||
         !strcmp(type, "dotted_key");
}

typedef HL_ARRAY(TSNode) node_list;

/* Appends the parts of a key (`a`, `"a b"`, `a.b.c`) to parts, in order. */
static void toml_key_parts(TSNode key, node_list *parts) {
  node_list stack = {0};
  hl_array_push(&stack, key);
  while (stack.count) {
    TSNode node = hl_array_pop(&stack);
    if (strcmp(ts_node_type(node), "dotted_key") != 0) {
      hl_array_push(parts, node);
      continue;
    }
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = n; i-- > 0;) {
      TSNode child = ts_node_named_child(node, i);
      if (is_key_kind(ts_node_type(child)))
        hl_array_push(&stack, child);
    }
  }
  hl_array_free(&stack);
}

static const char *toml_key_text(toml_reader *reader, TSNode part) {
  if (!strcmp(ts_node_type(part), "quoted_key"))
    return toml_string(reader, part);
  return hl_arena_strndup(&reader->document->arena,
                          reader->text + ts_node_start_byte(part),
                          ts_node_end_byte(part) - ts_node_start_byte(part));
}

static hl_cfg_node *table_child(hl_cfg_node *table, const char *key) {
  return (hl_cfg_node *)hl_cfg_table_get(table, key);
}

static hl_cfg_node *add_keyed(toml_reader *reader, hl_cfg_node *table,
                              const char *key, TSNode key_node,
                              hl_cfg_node *value) {
  value->key = key;
  toml_position(reader, key_node, &value->key_line, &value->key_column);
  add_child(reader->document, table, value);
  return value;
}

/* Walks `table` along every part of a key but the last, creating the
 * tables that do not exist yet (an array of tables: its last element).
 * Returns the table that holds the last part, or NULL with the error set. */
static hl_cfg_node *toml_descend(toml_reader *reader, hl_cfg_node *table,
                                 const node_list *parts) {
  for (size_t i = 0; i + 1 < parts->count; i++) {
    const char *key = toml_key_text(reader, parts->items[i]);
    hl_cfg_node *next = table_child(table, key);
    if (!next) {
      unsigned line, column;
      toml_position(reader, parts->items[i], &line, &column);
      next = add_keyed(reader, table, key, parts->items[i],
                       new_node(reader->document, HL_CFG_TABLE, line, column));
    } else if (next->kind == HL_CFG_ARRAY && next->child_count &&
               next->children[next->child_count - 1]->kind == HL_CFG_TABLE) {
      next = next->children[next->child_count - 1];
    } else if (next->kind != HL_CFG_TABLE) {
      toml_fail(reader, parts->items[i], "key '%s' is not a table", key);
      return NULL;
    }
    table = next;
  }
  return table;
}

static hl_cfg_kind toml_scalar_kind(const char *type) {
  if (!strcmp(type, "string"))
    return HL_CFG_STRING;
  if (!strcmp(type, "boolean"))
    return HL_CFG_BOOLEAN;
  if (!strcmp(type, "integer"))
    return HL_CFG_INTEGER;
  if (!strcmp(type, "float"))
    return HL_CFG_FLOAT;
  if (!strcmp(type, "array"))
    return HL_CFG_ARRAY;
  if (!strcmp(type, "inline_table"))
    return HL_CFG_TABLE;
  return HL_CFG_DATE;
}

static hl_cfg_node *toml_make_value(toml_reader *reader, TSNode node) {
  unsigned line, column;
  toml_position(reader, node, &line, &column);
  hl_cfg_node *value = new_node(
      reader->document, toml_scalar_kind(ts_node_type(node)), line, column);
  if (value->kind == HL_CFG_STRING) {
    value->text = toml_string(reader, node);
  } else if (value->kind != HL_CFG_ARRAY && value->kind != HL_CFG_TABLE) {
    value->text = hl_arena_strndup(
        &reader->document->arena, reader->text + ts_node_start_byte(node),
        ts_node_end_byte(node) - ts_node_start_byte(node));
    value->boolean =
        value->kind == HL_CFG_BOOLEAN && !strcmp(value->text, "true");
  }
  return value;
}

typedef struct toml_pending {
  TSNode node;
  hl_cfg_node *value;
} toml_pending;

typedef HL_ARRAY(toml_pending) pending_list;

static bool toml_add_pair(toml_reader *reader, hl_cfg_node *table, TSNode pair,
                          pending_list *pending);

/* Converts the value of a pair, arrays and inline tables included, with
 * an explicit stack. */
static bool toml_fill(toml_reader *reader, TSNode node, hl_cfg_node *value) {
  pending_list pending = {0};
  toml_pending first = {node, value};
  hl_array_push(&pending, first);
  bool ok = true;
  while (ok && pending.count) {
    toml_pending item = hl_array_pop(&pending);
    if (item.value->kind != HL_CFG_ARRAY && item.value->kind != HL_CFG_TABLE)
      continue;
    uint32_t n = ts_node_named_child_count(item.node);
    for (uint32_t i = 0; ok && i < n; i++) {
      TSNode child = ts_node_named_child(item.node, i);
      if (!strcmp(ts_node_type(child), "comment"))
        continue;
      if (item.value->kind == HL_CFG_TABLE) {
        ok = toml_add_pair(reader, item.value, child, &pending);
        continue;
      }
      hl_cfg_node *element = toml_make_value(reader, child);
      add_child(reader->document, item.value, element);
      toml_pending next = {child, element};
      hl_array_push(&pending, next);
    }
  }
  hl_array_free(&pending);
  return ok;
}

/* Adds `key = value` to table; the value's containers are queued on
 * pending when given, converted at once otherwise. */
static bool toml_add_pair(toml_reader *reader, hl_cfg_node *table, TSNode pair,
                          pending_list *pending) {
  uint32_t n = ts_node_named_child_count(pair);
  if (n < 2)
    return toml_fail(reader, pair, "%s", "invalid key/value pair");
  TSNode key = ts_node_named_child(pair, 0);
  TSNode value_node = key;
  for (uint32_t i = 1; i < n; i++) { /* a trailing comment is a child too */
    TSNode child = ts_node_named_child(pair, i);
    if (strcmp(ts_node_type(child), "comment") != 0) {
      value_node = child;
      break;
    }
  }
  if (ts_node_eq(value_node, key))
    return toml_fail(reader, pair, "%s", "invalid key/value pair");
  node_list parts = {0};
  toml_key_parts(key, &parts);
  hl_cfg_node *holder = toml_descend(reader, table, &parts);
  bool ok = holder != NULL;
  if (ok) {
    TSNode last = hl_array_last(&parts);
    const char *name = toml_key_text(reader, last);
    if (table_child(holder, name)) {
      ok = toml_fail(reader, last, "key '%s' is defined twice", name);
    } else {
      hl_cfg_node *value = toml_make_value(reader, value_node);
      add_keyed(reader, holder, name, last, value);
      if (pending) {
        toml_pending next = {value_node, value};
        hl_array_push(pending, next);
      } else {
        ok = toml_fill(reader, value_node, value);
      }
    }
  }
  hl_array_free(&parts);
  return ok;
}

/* `[a.b]` (array false) or `[[a.b]]` (array true): returns the table that
 * the following pairs go into, or NULL with the error set. */
static hl_cfg_node *toml_open_table(toml_reader *reader, TSNode header,
                                    bool array) {
  TSNode key = ts_node_named_child(header, 0);
  node_list parts = {0};
  toml_key_parts(key, &parts);
  hl_cfg_node *holder = toml_descend(reader, reader->document->root, &parts);
  hl_cfg_node *result = NULL;
  if (holder) {
    TSNode last = hl_array_last(&parts);
    const char *name = toml_key_text(reader, last);
    hl_cfg_node *existing = table_child(holder, name);
    unsigned line, column;
    toml_position(reader, header, &line, &column);
    if (array) {
      if (!existing)
        existing =
            add_keyed(reader, holder, name, last,
                      new_node(reader->document, HL_CFG_ARRAY, line, column));
      if (existing->kind != HL_CFG_ARRAY) {
        toml_fail(reader, last, "key '%s' is not an array of tables", name);
      } else {
        result = new_node(reader->document, HL_CFG_TABLE, line, column);
        add_child(reader->document, existing, result);
      }
    } else if (!existing) {
      result =
          add_keyed(reader, holder, name, last,
                    new_node(reader->document, HL_CFG_TABLE, line, column));
      result->explicit_table = true;
    } else if (existing->kind != HL_CFG_TABLE || existing->explicit_table) {
      toml_fail(reader, last, "key '%s' is defined twice", name);
    } else {
      existing->explicit_table = true;
      result = existing;
    }
  }
  hl_array_free(&parts);
  return result;
}

/* Returns the first ERROR or MISSING node in the tree (iteratively). */
static bool toml_find_error(TSNode root, TSNode *found) {
  if (!ts_node_has_error(root))
    return false;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool got = false;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_error(node) || ts_node_is_missing(node)) {
      *found = node;
      got = true;
      break;
    }
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor))
      continue;
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  if (!got)
    *found = root;
  return true;
}

bool hl_cfg_parse_toml(const char *origin, const char *text, size_t length,
                       hl_cfg_document *document, hotlint_error *error) {
  memset(document, 0, sizeof(*document));
  document->root = new_node(document, HL_CFG_TABLE, 1, 1);
  toml_reader reader = {origin, text, document, error};
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_toml());
  TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)length);
  bool ok = tree != NULL;
  if (!ok)
    fail(error, origin, 1, 1, "cannot parse the file as TOML");
  TSNode root = ok ? ts_tree_root_node(tree) : (TSNode){0};
  TSNode bad;
  if (ok && toml_find_error(root, &bad))
    ok = toml_fail(&reader, bad, "%s", "invalid TOML syntax");
  hl_cfg_node *table = document->root;
  uint32_t n = ok ? ts_node_named_child_count(root) : 0;
  for (uint32_t i = 0; ok && i < n; i++) {
    TSNode child = ts_node_named_child(root, i);
    const char *type = ts_node_type(child);
    if (!strcmp(type, "pair")) {
      ok = toml_add_pair(&reader, table, child, NULL);
    } else if (!strcmp(type, "table") || !strcmp(type, "table_array_element")) {
      table =
          toml_open_table(&reader, child, !strcmp(type, "table_array_element"));
      ok = table != NULL;
      uint32_t m = ok ? ts_node_named_child_count(child) : 0;
      for (uint32_t j = 1; ok && j < m; j++) {
        TSNode pair = ts_node_named_child(child, j);
        if (!strcmp(ts_node_type(pair), "pair"))
          ok = toml_add_pair(&reader, table, pair, NULL);
      }
    }
  }
  if (tree)
    ts_tree_delete(tree);
  ts_parser_delete(parser);
  return ok;
}

/* ---- YAML -------------------------------------------------------------- */

typedef struct yaml_frame {
  hl_cfg_node *container;
  const char *key; /* mappings: the key waiting for its value */
  unsigned key_line, key_column;
} yaml_frame;

static bool plain_is(const char *text, const char *const *words) {
  for (; *words; words++)
    if (!strcmp(text, *words))
      return true;
  return false;
}

static bool is_number(const char *s, bool *is_float) {
  const char *p = s;
  if (*p == '+' || *p == '-')
    p++;
  bool digits = false, dot = false;
  for (; *p; p++) {
    if (*p >= '0' && *p <= '9')
      digits = true;
    else if (*p == '.' && !dot)
      dot = true;
    else if (*p == '_' && digits)
      continue;
    else
      return false;
  }
  *is_float = dot;
  return digits;
}

static hl_cfg_node *yaml_scalar(hl_cfg_document *document,
                                const yaml_event_t *event) {
  const char *text = (const char *)event->data.scalar.value;
  unsigned line = (unsigned)event->start_mark.line + 1;
  unsigned column = (unsigned)event->start_mark.column + 1;
  hl_cfg_kind kind = HL_CFG_STRING;
  if (event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
    static const char *const trues[] = {"true", "True", "TRUE", NULL};
    static const char *const falses[] = {"false", "False", "FALSE", NULL};
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    bool is_float;
    if (plain_is(text, trues) || plain_is(text, falses))
      kind = HL_CFG_BOOLEAN;
    else if (plain_is(text, nulls))
      kind = HL_CFG_NULL;
    else if (is_number(text, &is_float))
      kind = is_float ? HL_CFG_FLOAT : HL_CFG_INTEGER;
  }
  hl_cfg_node *node = new_node(document, kind, line, column);
  node->text =
      hl_arena_strndup(&document->arena, text, event->data.scalar.length);
  node->boolean = kind == HL_CFG_BOOLEAN && (text[0] == 't' || text[0] == 'T');
  return node;
}

bool hl_cfg_parse_yaml(const char *origin, const char *text, size_t length,
                       hl_cfg_document *document, hotlint_error *error) {
  memset(document, 0, sizeof(*document));
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    fail(error, origin, 1, 1, "cannot initialise the YAML parser");
    return false;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  HL_ARRAY(yaml_frame) stack = {0};
  bool ok = true, done = false;
  int documents = 0;
  while (ok && !done) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      fail(error, origin, (unsigned)parser.problem_mark.line + 1,
           (unsigned)parser.problem_mark.column + 1, "invalid YAML: %s",
           parser.problem ? parser.problem : "syntax error");
      ok = false;
      break;
    }
    unsigned line = (unsigned)event.start_mark.line + 1;
    unsigned column = (unsigned)event.start_mark.column + 1;
    hl_cfg_node *value = NULL;
    switch (event.type) {
    case YAML_STREAM_END_EVENT:
      done = true;
      break;
    case YAML_DOCUMENT_START_EVENT:
      if (++documents > 1) {
        fail(error, origin, line, column, "only one YAML document is allowed");
        ok = false;
      }
      break;
    case YAML_ALIAS_EVENT:
      fail(error, origin, line, column,
           "YAML aliases are not supported in the configuration");
      ok = false;
      break;
    case YAML_SCALAR_EVENT:
      value = yaml_scalar(document, &event);
      break;
    case YAML_SEQUENCE_START_EVENT:
      value = new_node(document, HL_CFG_ARRAY, line, column);
      break;
    case YAML_MAPPING_START_EVENT:
      value = new_node(document, HL_CFG_TABLE, line, column);
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (stack.count) {
        yaml_frame frame = hl_array_pop(&stack);
        if (!stack.count)
          document->root = frame.container;
        else
          value = NULL;
      }
      break;
    default:
      break;
    }
    if (ok && value) {
      bool container =
          value->kind == HL_CFG_ARRAY || value->kind == HL_CFG_TABLE;
      if (!stack.count) {
        if (value->kind != HL_CFG_TABLE && !(value->kind == HL_CFG_NULL)) {
          fail(error, origin, line, column,
               "the configuration must be a mapping of keys to values");
          ok = false;
        }
      } else {
        yaml_frame *top = &hl_array_last(&stack);
        if (top->container->kind == HL_CFG_ARRAY) {
          add_child(document, top->container, value);
        } else if (!top->key) {
          if (value->kind != HL_CFG_STRING && value->kind != HL_CFG_BOOLEAN &&
              value->kind != HL_CFG_INTEGER && value->kind != HL_CFG_FLOAT) {
            fail(error, origin, line, column, "a key must be a string");
            ok = false;
          } else if (hl_cfg_table_get(top->container, value->text)) {
            fail(error, origin, line, column, "key '%s' is defined twice",
                 value->text);
            ok = false;
          } else {
            top->key = value->text;
            top->key_line = line;
            top->key_column = column;
          }
          container = false; /* a key is never pushed */
        } else {
          value->key = top->key;
          value->key_line = top->key_line;
          value->key_column = top->key_column;
          top->key = NULL;
          add_child(document, top->container, value);
        }
      }
      if (ok && container) {
        yaml_frame frame = {value, NULL, 0, 0};
        hl_array_push(&stack, frame);
      }
    }
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  hl_array_free(&stack);
  if (ok && !document->root)
    document->root = new_node(document, HL_CFG_TABLE, 1, 1);
  return ok;
}
