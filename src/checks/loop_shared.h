/* Helpers shared by the loop-idiom checks (HOT202 append_loop.c, HOT203
 * manual_reduction.c, HOT205 write_in_loop.c, HOT206 char_loop.c): the
 * statement just before a loop, the single statement of a body, counting
 * the uses of a name in a subtree (one tree cursor per candidate loop, no
 * recursion). Nothing here allocates or keeps state. */
#ifndef HOTLINT_CHECKS_LOOP_SHARED_H
#define HOTLINT_CHECKS_LOOP_SHARED_H

#include "checks/checks.h"

bool hl_loop_same_text(TSNode node, const char *source, const char *name,
                       uint32_t length);
TSNode hl_loop_only_statement(const hl_syntax *syntax, TSNode block,
                              uint32_t *count_out);
TSNode hl_loop_statement_at(const hl_syntax *syntax, TSNode block, uint32_t n);
TSNode hl_loop_previous_statement(const hl_syntax *syntax, TSNode node);
TSNode hl_loop_statement_assignment(const hl_syntax *syntax, TSNode statement,
                                    TSSymbol kind);
TSNode hl_loop_statement_call(const hl_syntax *syntax, TSNode statement);
bool hl_loop_simple_assignment(const hl_syntax *syntax, TSNode statement,
                               TSNode *name, TSNode *value);
bool hl_loop_is_function_local(hl_model *model, const char *name,
                               uint32_t length);
bool hl_loop_is_builtin_call(hl_model *model, TSNode node, const char *builtin);
uint32_t hl_loop_count_name(const hl_syntax *syntax, const char *source,
                            TSNode root, const char *name, uint32_t length,
                            uint32_t limit);
bool hl_loop_contains_kind(TSNode root, TSSymbol kind);
TSNode hl_loop_plain_for_body(const hl_syntax *syntax, TSNode loop);
/* In a function, a for loop without `else:` whose body is one statement:
 * that statement; null otherwise. */
TSNode hl_loop_single_statement(hl_check_context *context, TSNode loop);
TSNode hl_loop_plain_if_block(const hl_syntax *syntax, TSNode statement);
void hl_loop_report_loop(hl_check_context *context, TSNode loop, TSNode name,
                         const char *what);

#endif
