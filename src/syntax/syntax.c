/* Syntax: resolves the node kinds and fields of tree-sitter-python once. */
#include "syntax/syntax.h"

#include <string.h>

const TSLanguage *tree_sitter_python(void);

const TSLanguage *hl_python_language(void) {
  return tree_sitter_python();
}

static TSSymbol visible_symbol(const TSLanguage *language, const char *name) {
  return ts_language_symbol_for_name(language, name, (uint32_t)strlen(name),
                                     true);
}

void hl_syntax_init(hl_syntax *syntax) {
  memset(syntax, 0, sizeof *syntax);
  const TSLanguage *language = hl_python_language();
  syntax->language = language;
  syntax->symbol_count = ts_language_symbol_count(language);
#define HL_KIND_INIT(field, name)                                              \
  syntax->kind.field = visible_symbol(language, name);
  HL_KIND_LIST(HL_KIND_INIT)
#undef HL_KIND_INIT
  /* Keyword-like kinds that are anonymous in the grammar. */
  syntax->kind.list_splat_pattern_param = 0;
#define HL_FIELD_INIT(name)                                                    \
  syntax->field.name =                                                         \
      ts_language_field_id_for_name(language, #name, (uint32_t)strlen(#name));
  HL_FIELD_LIST(HL_FIELD_INIT)
#undef HL_FIELD_INIT
}

bool hl_node_text_is(TSNode node, const char *source, const char *word) {
  uint32_t length;
  const char *text = hl_node_text(node, source, &length);
  return strlen(word) == length && memcmp(text, word, length) == 0;
}

bool hl_is_comprehension(const hl_syntax *syntax, TSSymbol symbol) {
  return symbol == syntax->kind.list_comprehension ||
         symbol == syntax->kind.set_comprehension ||
         symbol == syntax->kind.dictionary_comprehension ||
         symbol == syntax->kind.generator_expression;
}

bool hl_cursor_skip_subtree(TSTreeCursor *cursor) {
  for (;;) {
    if (ts_tree_cursor_goto_next_sibling(cursor))
      return true;
    if (!ts_tree_cursor_goto_parent(cursor))
      return false;
  }
}
