/* Rule loading: YAML text -> hl_rule, with errors that name the file, line
 * and column (libyaml marks). Unknown fields are errors, so a typo never
 * silently disables part of a rule. */
#include "rules/rule.h"

#include "base/alloc.h"
#include "base/array.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct rule_loader {
  const char *origin;
  yaml_document_t *document;
  hotlint_error *error;
  yaml_mark_t fix_mark; /* where `fix:` starts, for checks made at the end */
} rule_loader;

static bool fail_at(rule_loader *loader, yaml_mark_t mark, const char *format,
                    ...) __attribute__((format(printf, 3, 4)));

static bool fail_at(rule_loader *loader, yaml_mark_t mark, const char *format,
                    ...) {
  char what[768];
  va_list args;
  va_start(args, format);
  vsnprintf(what, sizeof what, format, args);
  va_end(args);
  snprintf(loader->error->message, sizeof loader->error->message,
           "%s:%zu:%zu: %s", loader->origin, mark.line + 1, mark.column + 1,
           what);
  return false;
}

static const char *scalar_text(yaml_node_t *node) {
  return (const char *)node->data.scalar.value;
}

static bool expect_scalar(rule_loader *loader, yaml_node_t *node,
                          const char *field, char **out) {
  if (node->type != YAML_SCALAR_NODE)
    return fail_at(loader, node->start_mark, "'%s' must be a string", field);
  hl_free(*out);
  *out = hl_strndup(scalar_text(node), node->data.scalar.length);
  return true;
}

static bool expect_bool(rule_loader *loader, yaml_node_t *node,
                        const char *field, bool *out) {
  if (node->type == YAML_SCALAR_NODE) {
    const char *text = scalar_text(node);
    if (!strcmp(text, "true") || !strcmp(text, "yes")) {
      *out = true;
      return true;
    }
    if (!strcmp(text, "false") || !strcmp(text, "no")) {
      *out = false;
      return true;
    }
  }
  return fail_at(loader, node->start_mark, "'%s' must be true or false", field);
}

static void string_list_push(hl_string_list *list, const char *text,
                             size_t length) {
  list->items = hl_realloc(list->items, sizeof(char *) * (list->count + 1));
  list->items[list->count++] = hl_strndup(text, length);
}

static void string_list_free(hl_string_list *list) {
  for (size_t i = 0; i < list->count; i++)
    hl_free(list->items[i]);
  hl_free(list->items);
  list->items = NULL;
  list->count = 0;
}

/* A scalar or a sequence of scalars. */
static bool expect_string_list(rule_loader *loader, yaml_node_t *node,
                               const char *field, hl_string_list *out) {
  string_list_free(out);
  if (node->type == YAML_SCALAR_NODE) {
    string_list_push(out, scalar_text(node), node->data.scalar.length);
    return true;
  }
  if (node->type != YAML_SEQUENCE_NODE)
    return fail_at(loader, node->start_mark,
                   "'%s' must be a string or a list of strings", field);
  for (yaml_node_item_t *item = node->data.sequence.items.start;
       item < node->data.sequence.items.top; item++) {
    yaml_node_t *child = yaml_document_get_node(loader->document, *item);
    if (!child || child->type != YAML_SCALAR_NODE)
      return fail_at(loader, child ? child->start_mark : node->start_mark,
                     "every item of '%s' must be a string", field);
    string_list_push(out, scalar_text(child), child->data.scalar.length);
  }
  return true;
}

static const struct {
  const char *name;
  unsigned flag;
} context_names[] = {
    {"function", HL_CONTEXT_FUNCTION},
    {"loop", HL_CONTEXT_LOOP},
    {"async-function", HL_CONTEXT_ASYNC_FUNCTION},
    {"class-body", HL_CONTEXT_CLASS_BODY},
    {"module", HL_CONTEXT_MODULE},
    {"type-checking", HL_CONTEXT_TYPE_CHECKING},
    {"main-guard", HL_CONTEXT_MAIN_GUARD},
};

static bool expect_contexts(rule_loader *loader, yaml_node_t *node,
                            const char *field, unsigned *out) {
  hl_string_list names = {0};
  if (!expect_string_list(loader, node, field, &names))
    return false;
  *out = 0;
  for (size_t i = 0; i < names.count; i++) {
    size_t k = 0;
    while (k < sizeof context_names / sizeof context_names[0] &&
           strcmp(context_names[k].name, names.items[i]) != 0)
      k++;
    if (k == sizeof context_names / sizeof context_names[0]) {
      fail_at(loader, node->start_mark,
              "unknown context '%s' in '%s' (expected function, loop, "
              "async-function, class-body, module, type-checking or "
              "main-guard)",
              names.items[i], field);
      string_list_free(&names);
      return false;
    }
    *out |= context_names[k].flag;
  }
  string_list_free(&names);
  return true;
}

int hl_parse_target_version(const char *text) {
  if (strncmp(text, "py3", 3) != 0 || !isdigit((unsigned char)text[3]))
    return -1;
  char *end;
  long minor = strtol(text + 3, &end, 10);
  if (*end || minor < 8 || minor > 14)
    return -1;
  return (int)minor;
}

static bool parse_bound(const char *text, size_t length, int *op, int *minor) {
  /* op: 1 ">=", 2 "<", 3 ">", 4 "<=", 5 "==" */
  while (length && isspace((unsigned char)*text))
    text++, length--;
  while (length && isspace((unsigned char)text[length - 1]))
    length--;
  static const struct {
    const char *text;
    int op;
  } ops[] = {{">=", 1}, {"<=", 4}, {"==", 5}, {"<", 2}, {">", 3}};
  *op = 0;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t n = strlen(ops[i].text);
    if (length >= n && !strncmp(text, ops[i].text, n)) {
      *op = ops[i].op;
      text += n, length -= n;
      break;
    }
  }
  if (!*op)
    return false;
  while (length && isspace((unsigned char)*text))
    text++, length--;
  if (length < 3 || strncmp(text, "3.", 2) != 0)
    return false;
  int value = 0;
  size_t digits = 0;
  for (size_t i = 2; i < length; i++, digits++) {
    if (!isdigit((unsigned char)text[i]) || value > 100)
      return false;
    value = value * 10 + (text[i] - '0');
  }
  if (!digits)
    return false;
  *minor = value;
  return true;
}

bool hl_parse_python_range(const char *text, int *min_minor, int *max_minor) {
  *min_minor = 0;
  *max_minor = 0;
  const char *part = text;
  for (;;) {
    const char *comma = strchr(part, ',');
    size_t length = comma ? (size_t)(comma - part) : strlen(part);
    int op, minor;
    if (!parse_bound(part, length, &op, &minor))
      return false;
    switch (op) {
    case 1:
      *min_minor = minor;
      break;
    case 2:
      *max_minor = minor;
      break;
    case 3:
      *min_minor = minor + 1;
      break;
    case 4:
      *max_minor = minor + 1;
      break;
    default:
      *min_minor = minor, *max_minor = minor + 1;
      break;
    }
    if (!comma)
      break;
    part = comma + 1;
  }
  return true;
}

static const struct {
  const char *name;
  hotlint_severity severity;
} severity_names[] = {{"hint", HOTLINT_SEVERITY_HINT},
                      {"info", HOTLINT_SEVERITY_INFO},
                      {"warning", HOTLINT_SEVERITY_WARNING},
                      {"error", HOTLINT_SEVERITY_ERROR}};

static bool is_code(const char *text) {
  if (strncmp(text, "HOT", 3) != 0)
    return false;
  size_t n = 0;
  for (const char *p = text + 3; *p; p++, n++)
    if (!isdigit((unsigned char)*p))
      return false;
  return n == 3;
}

static bool is_kebab_name(const char *text) {
  if (!islower((unsigned char)*text))
    return false;
  for (const char *p = text; *p; p++)
    if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
      return false;
  return true;
}

static bool load_match(rule_loader *loader, hl_rule *rule, yaml_node_t *node) {
  if (node->type != YAML_MAPPING_NODE)
    return fail_at(loader, node->start_mark,
                   "'match' must be a mapping (query, inside, not-inside)");
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       pair < node->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    const char *name = scalar_text(key);
    bool ok;
    if (!strcmp(name, "query")) {
      ok = expect_scalar(loader, value, "match.query", &rule->query);
      /* A block scalar's text starts on the line after its indicator. */
      bool block = value->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                   value->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
      rule->query_line = (uint32_t)value->start_mark.line + 1 + (block ? 1 : 0);
      rule->query_column = block ? (uint32_t)key->start_mark.column + 3
                                 : (uint32_t)value->start_mark.column + 1;
    } else if (!strcmp(name, "inside")) {
      ok = expect_contexts(loader, value, "match.inside", &rule->inside);
    } else if (!strcmp(name, "not-inside")) {
      ok =
          expect_contexts(loader, value, "match.not-inside", &rule->not_inside);
    } else if (!strcmp(name, "callee")) {
      ok = expect_string_list(loader, value, "match.callee", &rule->callee);
    } else {
      ok = fail_at(loader, key->start_mark,
                   "unknown field 'match.%s' (expected query, inside, "
                   "not-inside, callee)",
                   name);
    }
    if (!ok)
      return false;
  }
  if (!rule->query)
    return fail_at(loader, node->start_mark, "'match' needs a 'query'");
  return true;
}

static bool load_tests(rule_loader *loader, hl_rule *rule, yaml_node_t *node) {
  if (node->type != YAML_MAPPING_NODE)
    return fail_at(loader, node->start_mark,
                   "'tests' must be a mapping with 'valid' and 'invalid'");
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       pair < node->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    const char *name = scalar_text(key);
    bool ok;
    if (!strcmp(name, "valid")) {
      ok = expect_string_list(loader, value, "tests.valid", &rule->valid);
    } else if (!strcmp(name, "invalid")) {
      ok = expect_string_list(loader, value, "tests.invalid", &rule->invalid);
    } else if (!strcmp(name, "target-version")) {
      char *text = NULL;
      ok = expect_scalar(loader, value, "tests.target-version", &text);
      if (ok) {
        rule->tests_target_minor = hl_parse_target_version(text);
        if (rule->tests_target_minor < 0)
          ok = fail_at(loader, value->start_mark,
                       "bad target version '%s' (expected py38 ... py314)",
                       text);
      }
      hl_free(text);
    } else {
      ok = fail_at(loader, key->start_mark,
                   "unknown field 'tests.%s' (expected valid, invalid, "
                   "target-version)",
                   name);
    }
    if (!ok)
      return false;
  }
  return true;
}

/* One `{target, replace}` mapping (or the `fix` mapping itself, for the
 * one-edit shorthand) into a fix template. */
static bool load_fix_edit(rule_loader *loader, hl_rule *rule,
                          yaml_node_t *node) {
  if (node->type != YAML_MAPPING_NODE)
    return fail_at(loader, node->start_mark,
                   "every item of 'fix.edits' must be a mapping (target, "
                   "replace)");
  hl_fix_template edit = {0};
  bool ok = true;
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       ok && pair < node->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    const char *name = scalar_text(key);
    if (!strcmp(name, "target"))
      ok = expect_scalar(loader, value, "fix.edits.target", &edit.target);
    else if (!strcmp(name, "replace"))
      ok = expect_scalar(loader, value, "fix.edits.replace", &edit.replace);
    else
      ok = fail_at(loader, key->start_mark,
                   "unknown field 'fix.edits.%s' (expected target, replace)",
                   name);
  }
  if (ok && !edit.replace)
    ok = fail_at(loader, node->start_mark, "an edit needs 'replace'");
  if (!ok) {
    hl_free(edit.target);
    hl_free(edit.replace);
    return false;
  }
  rule->fix_edits = hl_realloc(rule->fix_edits, sizeof(hl_fix_template) *
                                                    (rule->fix_edit_count + 1));
  rule->fix_edits[rule->fix_edit_count++] = edit;
  return true;
}

static bool load_fix(rule_loader *loader, hl_rule *rule, yaml_node_t *node) {
  if (node->type != YAML_MAPPING_NODE)
    return fail_at(loader, node->start_mark,
                   "'fix' must be a mapping (message, applicability, replace, "
                   "target, edits)");
  loader->fix_mark = node->start_mark;
  rule->has_fix = true;
  bool have_applicability = false, shorthand = false, edits = false;
  yaml_node_t *target = NULL, *replace = NULL;
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       pair < node->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    const char *name = scalar_text(key);
    bool ok = true;
    if (!strcmp(name, "message")) {
      ok = expect_scalar(loader, value, "fix.message", &rule->fix_message);
    } else if (!strcmp(name, "applicability")) {
      char *text = NULL;
      ok = expect_scalar(loader, value, "fix.applicability", &text);
      if (ok && !strcmp(text, "safe"))
        rule->fix_applicability = HOTLINT_FIX_SAFE;
      else if (ok && !strcmp(text, "unsafe"))
        rule->fix_applicability = HOTLINT_FIX_UNSAFE;
      else if (ok)
        ok = fail_at(loader, value->start_mark,
                     "bad applicability '%s' (expected safe or unsafe)", text);
      hl_free(text);
      have_applicability = true;
    } else if (!strcmp(name, "target") || !strcmp(name, "replace")) {
      if (value->type != YAML_SCALAR_NODE)
        return fail_at(loader, value->start_mark, "'fix.%s' must be a string",
                       name);
      *(!strcmp(name, "target") ? &target : &replace) = value;
      shorthand = true;
    } else if (!strcmp(name, "edits")) {
      if (value->type != YAML_SEQUENCE_NODE)
        return fail_at(loader, value->start_mark,
                       "'fix.edits' must be a list of mappings (target, "
                       "replace)");
      for (yaml_node_item_t *item = value->data.sequence.items.start;
           ok && item < value->data.sequence.items.top; item++)
        ok = load_fix_edit(loader, rule,
                           yaml_document_get_node(loader->document, *item));
      edits = true;
    } else {
      ok = fail_at(loader, key->start_mark,
                   "unknown field 'fix.%s' (expected message, applicability, "
                   "replace, target, edits)",
                   name);
    }
    if (!ok)
      return false;
  }
  if (!rule->fix_message)
    return fail_at(loader, node->start_mark, "'fix' needs a 'message'");
  if (!have_applicability)
    return fail_at(loader, node->start_mark,
                   "'fix' needs an 'applicability' (safe or unsafe)");
  if (shorthand && edits)
    return fail_at(loader, node->start_mark,
                   "'fix' takes either 'replace' (and 'target') or 'edits', "
                   "not both");
  if (shorthand) {
    if (!replace)
      return fail_at(loader, node->start_mark,
                     "'fix.target' needs a 'fix.replace'");
    hl_fix_template edit = {0};
    edit.replace =
        hl_strndup(scalar_text(replace), replace->data.scalar.length);
    if (target)
      edit.target = hl_strndup(scalar_text(target), target->data.scalar.length);
    rule->fix_edits = hl_realloc(rule->fix_edits, sizeof(hl_fix_template));
    rule->fix_edits[0] = edit;
    rule->fix_edit_count = 1;
  }
  return true;
}

/* True if the query names the capture `@name`. */
static bool query_has_capture(const char *query, const char *name) {
  size_t length = strlen(name);
  for (const char *p = strchr(query, '@'); p; p = strchr(p + 1, '@')) {
    if (strncmp(p + 1, name, length) != 0)
      continue;
    char next = p[1 + length];
    if (!isalnum((unsigned char)next) && next != '_' && next != '-' &&
        next != '.')
      return true;
  }
  return false;
}

/* The checks `fix` needs from the rest of the rule. */
static bool check_fix(rule_loader *loader, hl_rule *rule) {
  if (!rule->has_fix)
    return true;
  if (rule->check && rule->fix_edit_count)
    return fail_at(loader, loader->fix_mark,
                   "'fix.replace' and 'fix.edits' are for query rules; the "
                   "native check '%s' makes its own edits",
                   rule->check);
  if (rule->query && !rule->fix_edit_count)
    return fail_at(loader, loader->fix_mark,
                   "a query rule's 'fix' needs 'replace' or 'edits'");
  for (size_t i = 0; i < rule->fix_edit_count; i++)
    if (rule->fix_edits[i].target &&
        !query_has_capture(rule->query, rule->fix_edits[i].target))
      return fail_at(loader, loader->fix_mark,
                     "'fix' targets '%s', which the query does not capture",
                     rule->fix_edits[i].target);
  return true;
}

static bool load_benchmark(rule_loader *loader, hl_rule *rule,
                           yaml_node_t *node) {
  hl_rule_benchmark *benchmark = &rule->benchmark;
  if (node->type != YAML_MAPPING_NODE)
    return fail_at(loader, node->start_mark,
                   "'benchmark' must be a mapping (setup, before, after, "
                   "sizes)");
  benchmark->present = true;
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
       pair < node->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    const char *name = scalar_text(key);
    bool ok = true;
    if (!strcmp(name, "setup")) {
      ok = expect_scalar(loader, value, "benchmark.setup", &benchmark->setup);
    } else if (!strcmp(name, "before")) {
      ok = expect_scalar(loader, value, "benchmark.before", &benchmark->before);
    } else if (!strcmp(name, "after")) {
      ok = expect_scalar(loader, value, "benchmark.after", &benchmark->after);
    } else if (!strcmp(name, "sizes")) {
      if (value->type != YAML_SEQUENCE_NODE)
        return fail_at(loader, value->start_mark,
                       "'benchmark.sizes' must be a list of numbers");
      for (yaml_node_item_t *item = value->data.sequence.items.start;
           item < value->data.sequence.items.top; item++) {
        yaml_node_t *size = yaml_document_get_node(loader->document, *item);
        const char *text =
            size->type == YAML_SCALAR_NODE ? scalar_text(size) : "";
        char *end;
        unsigned long n = strtoul(text, &end, 10);
        if (!*text || *end || n == 0 || n > 10000000 || text[0] == '-')
          return fail_at(loader, size->start_mark,
                         "a benchmark size must be a whole number from 1 to "
                         "10000000");
        if (benchmark->size_count == HL_MAX_BENCH_SIZES)
          return fail_at(loader, size->start_mark, "at most %d benchmark sizes",
                         HL_MAX_BENCH_SIZES);
        benchmark->sizes[benchmark->size_count++] = (uint32_t)n;
      }
    } else {
      ok = fail_at(loader, key->start_mark,
                   "unknown field 'benchmark.%s' (expected setup, before, "
                   "after, sizes)",
                   name);
    }
    if (!ok)
      return false;
  }
  if (!benchmark->before || !benchmark->after)
    return fail_at(loader, node->start_mark,
                   "'benchmark' needs 'before' and 'after'");
  if (!benchmark->setup)
    benchmark->setup = hl_strdup("");
  if (!benchmark->size_count)
    benchmark->sizes[benchmark->size_count++] = 1000;
  return true;
}

static bool load_field(rule_loader *loader, hl_rule *rule, yaml_node_t *key,
                       yaml_node_t *value) {
  const char *name = scalar_text(key);
  hotlint_rule_info *info = &rule->info;
  if (!strcmp(name, "id")) {
    if (!expect_scalar(loader, value, "id", (char **)&info->code))
      return false;
    if (!is_code(info->code))
      return fail_at(loader, value->start_mark,
                     "bad id '%s' (expected HOT followed by three digits)",
                     info->code);
    return true;
  }
  if (!strcmp(name, "name")) {
    if (!expect_scalar(loader, value, "name", (char **)&info->name))
      return false;
    if (!is_kebab_name(info->name))
      return fail_at(loader, value->start_mark,
                     "bad name '%s' (expected kebab-case)", info->name);
    return true;
  }
  if (!strcmp(name, "severity")) {
    char *text = NULL;
    if (!expect_scalar(loader, value, "severity", &text))
      return false;
    size_t i = 0;
    while (i < 4 && strcmp(severity_names[i].name, text) != 0)
      i++;
    hl_free(text);
    if (i == 4)
      return fail_at(loader, value->start_mark,
                     "bad severity (expected error, warning, info or hint)");
    info->severity = severity_names[i].severity;
    return true;
  }
  if (!strcmp(name, "category"))
    return expect_scalar(loader, value, "category", (char **)&info->category);
  if (!strcmp(name, "summary"))
    return expect_scalar(loader, value, "summary", (char **)&info->summary);
  if (!strcmp(name, "message"))
    return expect_scalar(loader, value, "message", &rule->message);
  if (!strcmp(name, "explanation"))
    return expect_scalar(loader, value, "explanation",
                         (char **)&info->explanation);
  if (!strcmp(name, "seeds"))
    return expect_string_list(loader, value, "seeds", &rule->seeds);
  if (!strcmp(name, "python")) {
    char *text = NULL;
    if (!expect_scalar(loader, value, "python", &text))
      return false;
    bool ok = hl_parse_python_range(text, &info->python_min, &info->python_max);
    if (!ok)
      fail_at(loader, value->start_mark,
              "bad python range '%s' (expected e.g. \">=3.11\" or "
              "\">=3.8,<3.11\")",
              text);
    hl_free(text);
    return ok;
  }
  if (!strcmp(name, "hot-only"))
    return expect_bool(loader, value, "hot-only", &info->hot_only);
  if (!strcmp(name, "match"))
    return load_match(loader, rule, value);
  if (!strcmp(name, "check"))
    return expect_scalar(loader, value, "check", &rule->check);
  if (!strcmp(name, "tests"))
    return load_tests(loader, rule, value);
  if (!strcmp(name, "fix"))
    return load_fix(loader, rule, value);
  if (!strcmp(name, "benchmark"))
    return load_benchmark(loader, rule, value);
  return fail_at(loader, key->start_mark,
                 "unknown field '%s' (expected id, name, severity, category, "
                 "summary, message, explanation, seeds, python, hot-only, "
                 "match, check, fix, benchmark, tests)",
                 name);
}

static bool load_document(rule_loader *loader, hl_rule *rule) {
  yaml_node_t *root = yaml_document_get_root_node(loader->document);
  if (!root) {
    yaml_mark_t start = {0, 0, 0};
    return fail_at(loader, start, "empty rule file");
  }
  if (root->type != YAML_MAPPING_NODE)
    return fail_at(loader, root->start_mark, "a rule file must be a mapping");
  for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
       pair < root->data.mapping.pairs.top; pair++) {
    yaml_node_t *key = yaml_document_get_node(loader->document, pair->key);
    yaml_node_t *value = yaml_document_get_node(loader->document, pair->value);
    if (key->type != YAML_SCALAR_NODE)
      return fail_at(loader, key->start_mark, "field names must be strings");
    if (!load_field(loader, rule, key, value))
      return false;
  }
  static const char *const required[] = {"id", "name", "message", "summary"};
  const char *have[] = {rule->info.code, rule->info.name, rule->message,
                        rule->info.summary};
  for (size_t i = 0; i < 4; i++)
    if (!have[i])
      return fail_at(loader, root->start_mark, "missing field '%s'",
                     required[i]);
  if (!rule->query && !rule->check)
    return fail_at(loader, root->start_mark,
                   "a rule needs 'match.query' or 'check'");
  if (!check_fix(loader, rule))
    return false;
  if (!rule->info.category)
    rule->info.category = hl_strdup("performance");
  if (!rule->info.explanation)
    rule->info.explanation = hl_strdup("");
  return true;
}

hl_rule *hl_rule_parse(const char *origin, const char *text, size_t length,
                       hotlint_error *error) {
  yaml_parser_t parser;
  yaml_document_t document;
  if (!yaml_parser_initialize(&parser)) {
    snprintf(error->message, sizeof error->message,
             "%s: cannot initialise the YAML parser", origin);
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  if (!yaml_parser_load(&parser, &document)) {
    yaml_mark_t mark = parser.problem_mark;
    snprintf(error->message, sizeof error->message, "%s:%zu:%zu: %s%s%s",
             origin, mark.line + 1, mark.column + 1,
             parser.problem ? parser.problem : "invalid YAML",
             parser.context ? " " : "", parser.context ? parser.context : "");
    yaml_parser_delete(&parser);
    return NULL;
  }
  hl_rule *rule = hl_calloc(1, sizeof *rule);
  rule->info.origin = hl_strdup(origin);
  rule->info.severity = HOTLINT_SEVERITY_WARNING;
  rule_loader loader = {origin, &document, error, {0, 0, 0}};
  bool ok = load_document(&loader, rule);
  yaml_document_delete(&document);
  yaml_parser_delete(&parser);
  if (!ok) {
    hl_rule_delete(rule);
    return NULL;
  }
  return rule;
}

void hl_rule_delete(hl_rule *rule) {
  if (!rule)
    return;
  hl_free((char *)rule->info.code);
  hl_free((char *)rule->info.name);
  hl_free((char *)rule->info.summary);
  hl_free((char *)rule->info.explanation);
  hl_free((char *)rule->info.category);
  hl_free((char *)rule->info.origin);
  hl_free((char *)rule->info.url);
  hl_free(rule->message);
  hl_free(rule->query);
  hl_free(rule->check);
  string_list_free(&rule->seeds);
  string_list_free(&rule->valid);
  string_list_free(&rule->callee);
  string_list_free(&rule->invalid);
  hl_free(rule->fix_message);
  for (size_t i = 0; i < rule->fix_edit_count; i++) {
    hl_free(rule->fix_edits[i].target);
    hl_free(rule->fix_edits[i].replace);
  }
  hl_free(rule->fix_edits);
  hl_free(rule->benchmark.setup);
  hl_free(rule->benchmark.before);
  hl_free(rule->benchmark.after);
  hl_free(rule);
}
