/* The worker pool behind `check -j N`: N threads, each with its own
 * hotlint_checker over the shared compiled engine, take files in order from
 * an atomic counter; the calling thread receives each file's item strictly
 * in file order, as soon as it and every earlier one are done, so output is
 * the same whatever N. Items live in a ring of a few slots per worker:
 * workers never run more than the ring ahead of the consumer, so memory does
 * not grow with the number of files. */
#ifndef HOTLINT_CLI_POOL_H
#define HOTLINT_CLI_POOL_H

#include "hotlint/hotlint.h"
#include "source/read.h"

#include <stdbool.h>
#include <stddef.h>

/* What a worker produced for one file; the consumer releases it. */
typedef struct hl_pool_item {
  hl_file_contents contents;
  bool read_failed;
  bool skipped;           /* over max-file-size: a warning, not an error */
  hotlint_error error;    /* when read_failed or skipped */
  hotlint_result *result; /* check: may be NULL if reading failed */
  long parse_errors;      /* parse-only: hotlint_parse_only's return */
} hl_pool_item;

/* Runs on a worker thread: fills `item` (zeroed) for file `index`. */
typedef void (*hl_pool_work_fn)(void *context, hotlint_checker *checker,
                                size_t index, hl_pool_item *item);
/* Runs on the calling thread, in index order: uses and releases `item`. */
typedef void (*hl_pool_consume_fn)(void *context, size_t index,
                                   hl_pool_item *item);

typedef struct hl_pool_config {
  const hotlint_engine *engine; /* compiled */
  size_t item_count;
  size_t jobs; /* >= 1; more than item_count is clamped */
  hl_pool_work_fn work;
  hl_pool_consume_fn consume;
  void *context;
} hl_pool_config;

/* Processes every item. Returns false (with error) only when no checker
 * could be created; a thread that cannot start leaves its share to the
 * others. */
bool hl_pool_run(const hl_pool_config *config, hotlint_error *error);

#endif
