/* Configuration documents: the one tree that both configuration formats are
 * read into before their keys are validated. pyproject.toml is parsed by
 * tree-sitter-toml and its syntax tree walked (iteratively) into this tree;
 * hotlint.yaml is read from libyaml's events. Every node keeps the 1-based
 * line and column where it was written, so that the validator can name the
 * place of an unknown key or a wrong type. All nodes and strings live in the
 * document's arena: hl_cfg_document_free releases them together. */
#ifndef HOTLINT_CONFIG_DOCUMENT_H
#define HOTLINT_CONFIG_DOCUMENT_H

#include "base/arena.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum hl_cfg_kind {
  HL_CFG_STRING,
  HL_CFG_BOOLEAN,
  HL_CFG_INTEGER,
  HL_CFG_FLOAT,
  HL_CFG_DATE, /* TOML dates and times: never valid in hotlint's keys */
  HL_CFG_ARRAY,
  HL_CFG_TABLE, /* a TOML table or a YAML mapping: keys in written order */
  HL_CFG_NULL,  /* YAML `~`, `null` or an empty value */
} hl_cfg_kind;

typedef struct hl_cfg_node hl_cfg_node;

struct hl_cfg_node {
  hl_cfg_kind kind;
  unsigned line, column; /* where the value starts */
  const char *text;      /* STRING: the decoded value; scalars: as written */
  bool boolean;          /* BOOLEAN */
  /* ARRAY and TABLE: the children; in a TABLE each child has a key */
  hl_cfg_node **children;
  size_t child_count, child_capacity;
  const char *key;               /* set on the children of a TABLE */
  unsigned key_line, key_column; /* where that key was written */
  bool explicit_table;           /* TOML: defined by a [header] */
};

typedef struct hl_cfg_document {
  hl_arena arena;
  hl_cfg_node *root; /* a TABLE */
} hl_cfg_document;

/* Parses TOML text with tree-sitter-toml. Returns false with
 * "ORIGIN:LINE:COLUMN: ..." in error for a syntax error or a key defined
 * twice. Free the document with hl_cfg_document_free either way. */
bool hl_cfg_parse_toml(const char *origin, const char *text, size_t length,
                       hl_cfg_document *document, hotlint_error *error);

/* Parses YAML text (one document, its root a mapping) with libyaml. Same
 * contract as hl_cfg_parse_toml; anchors and aliases are refused. */
bool hl_cfg_parse_yaml(const char *origin, const char *text, size_t length,
                       hl_cfg_document *document, hotlint_error *error);

void hl_cfg_document_free(hl_cfg_document *document);

/* Returns the child of a TABLE with this key, or NULL. */
const hl_cfg_node *hl_cfg_table_get(const hl_cfg_node *table, const char *key);

/* Returns "a string", "an array", "a table", ... (for messages). */
const char *hl_cfg_kind_name(hl_cfg_kind kind);

#endif
