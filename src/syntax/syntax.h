/* Syntax: the tree-sitter Python language and the node kinds and fields the
 * walk and the native checks use, resolved once to numeric ids so the hot
 * path compares integers, never strings. Owns no trees or parsers. */
#ifndef HOTLINT_SYNTAX_SYNTAX_H
#define HOTLINT_SYNTAX_SYNTAX_H

#include <tree_sitter/api.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

const TSLanguage *hl_python_language(void);

/* Node kinds as symbol ids (0 when a kind has no symbol). */
// clang-format off
#define HL_KIND_LIST(X) \
  X(module, "module") \
  X(function_definition, "function_definition") \
  X(class_definition, "class_definition") \
  X(decorated_definition, "decorated_definition") \
  X(decorator, "decorator") \
  X(lambda, "lambda") \
  X(for_statement, "for_statement") \
  X(while_statement, "while_statement") \
  X(list_comprehension, "list_comprehension") \
  X(set_comprehension, "set_comprehension") \
  X(dictionary_comprehension, "dictionary_comprehension") \
  X(generator_expression, "generator_expression") \
  X(for_in_clause, "for_in_clause") \
  X(if_clause, "if_clause") \
  X(if_statement, "if_statement") \
  X(block, "block") \
  X(identifier, "identifier") \
  X(attribute, "attribute") \
  X(call, "call") \
  X(argument_list, "argument_list") \
  X(keyword_argument, "keyword_argument") \
  X(assignment, "assignment") \
  X(augmented_assignment, "augmented_assignment") \
  X(named_expression, "named_expression") \
  X(delete_statement, "delete_statement") \
  X(global_statement, "global_statement") \
  X(nonlocal_statement, "nonlocal_statement") \
  X(import_statement, "import_statement") \
  X(import_from_statement, "import_from_statement") \
  X(future_import_statement, "future_import_statement") \
  X(aliased_import, "aliased_import") \
  X(dotted_name, "dotted_name") \
  X(wildcard_import, "wildcard_import") \
  X(with_statement, "with_statement") \
  X(with_clause, "with_clause") \
  X(with_item, "with_item") \
  X(as_pattern, "as_pattern") \
  X(as_pattern_target, "as_pattern_target") \
  X(except_clause, "except_clause") \
  X(tuple, "tuple") \
  X(list, "list") \
  X(set, "set") \
  X(dictionary, "dictionary") \
  X(pair, "pair") \
  X(parenthesized_expression, "parenthesized_expression") \
  X(pattern_list, "pattern_list") \
  X(tuple_pattern, "tuple_pattern") \
  X(list_pattern, "list_pattern") \
  X(expression_list, "expression_list") \
  X(list_splat_pattern, "list_splat_pattern") \
  X(list_splat, "list_splat") \
  X(dictionary_splat, "dictionary_splat") \
  X(string, "string") \
  X(concatenated_string, "concatenated_string") \
  X(string_start, "string_start") \
  X(string_content, "string_content") \
  X(string_end, "string_end") \
  X(escape_sequence, "escape_sequence") \
  X(integer, "integer") \
  X(float_, "float") \
  X(true_, "true") \
  X(false_, "false") \
  X(none, "none") \
  X(ellipsis, "ellipsis") \
  X(unary_operator, "unary_operator") \
  X(binary_operator, "binary_operator") \
  X(comparison_operator, "comparison_operator") \
  X(not_operator, "not_operator") \
  X(boolean_operator, "boolean_operator") \
  X(parameters, "parameters") \
  X(default_parameter, "default_parameter") \
  X(typed_parameter, "typed_parameter") \
  X(typed_default_parameter, "typed_default_parameter") \
  X(lambda_parameters, "lambda_parameters") \
  X(list_splat_pattern_param, "list_splat_pattern_param") \
  X(dictionary_splat_pattern, "dictionary_splat_pattern") \
  X(return_statement, "return_statement") \
  X(yield, "yield") \
  X(expression_statement, "expression_statement") \
  X(comment, "comment") \
  X(subscript, "subscript") \
  X(else_clause, "else_clause") \
  X(elif_clause, "elif_clause") \
  X(type, "type") \
  X(keyword_separator, "keyword_separator") \
  X(positional_separator, "positional_separator") \
  X(conditional_expression, "conditional_expression") \
  X(await, "await") \
  X(interpolation, "interpolation") \
  X(match_statement, "match_statement") \
  X(case_clause, "case_clause") \
  X(try_statement, "try_statement") \
  X(pass_statement, "pass_statement")
// clang-format on

typedef struct hl_kinds {
#define HL_KIND_FIELD(field, name) TSSymbol field;
  HL_KIND_LIST(HL_KIND_FIELD)
#undef HL_KIND_FIELD
} hl_kinds;

// clang-format off
#define HL_FIELD_LIST(X) \
  X(body) \
  X(name) \
  X(left) \
  X(right) \
  X(value) \
  X(function) \
  X(arguments) \
  X(object) \
  X(attribute) \
  X(operator) \
  X(operators) \
  X(superclasses) \
  X(definition) \
  X(condition) \
  X(alias) \
  X(module_name) \
  X(parameters) \
  X(alternative) \
  X(argument) \
  X(type) \
  X(consequence)
// clang-format on

typedef struct hl_fields {
#define HL_FIELD_FIELD(name) TSFieldId name;
  HL_FIELD_LIST(HL_FIELD_FIELD)
#undef HL_FIELD_FIELD
} hl_fields;

/* The resolved ids of one language; immutable once filled. */
typedef struct hl_syntax {
  const TSLanguage *language;
  hl_kinds kind;
  hl_fields field;
  uint32_t symbol_count;
} hl_syntax;

void hl_syntax_init(hl_syntax *syntax);

/* The node's text as a pointer into source and a length. */
static inline const char *hl_node_text(TSNode node, const char *source,
                                       uint32_t *length) {
  uint32_t start = ts_node_start_byte(node);
  *length = ts_node_end_byte(node) - start;
  return source + start;
}

/* True if the node's text equals the NUL-terminated word. */
bool hl_node_text_is(TSNode node, const char *source, const char *word);

/* Moves the cursor to the next node in document order outside the current
 * node: its next sibling, or the next sibling of the nearest ancestor that
 * has one. Returns false when the walk of the cursor's root is over. The
 * step of every iterative subtree scan, so none recurses. */
bool hl_cursor_skip_subtree(TSTreeCursor *cursor);

/* Loop and scope kinds. */
bool hl_is_comprehension(const hl_syntax *syntax, TSSymbol symbol);

#endif
