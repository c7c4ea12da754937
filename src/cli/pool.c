/* The worker pool: pthreads, an atomic file counter, a ring of result slots
 * handed to the calling thread in file order (mutex + two condition
 * variables: "a slot is done" for the consumer, "the ring has room" for the
 * workers). With one job everything runs on the calling thread. */
#include "cli/pool.h"

#include "base/alloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

enum { SLOTS_PER_JOB = 4, MIN_SLOTS = 16 };

typedef struct pool {
  const hl_pool_config *config;
  atomic_size_t next; /* next file index to hand out */
  pthread_mutex_t lock;
  pthread_cond_t slot_done;  /* a worker finished a slot */
  pthread_cond_t ring_space; /* the consumer freed a slot */
  size_t consumed;           /* files handed to consume(); under lock */
  size_t slot_count;
  hl_pool_item *slots;
  bool *ready; /* per slot, under lock */
} pool;

typedef struct worker {
  pool *pool;
  hotlint_checker *checker;
  pthread_t thread;
  bool started;
} worker;

static void *worker_main(void *argument) {
  worker *self = argument;
  pool *p = self->pool;
  const hl_pool_config *config = p->config;
  for (;;) {
    size_t index = atomic_fetch_add(&p->next, 1);
    if (index >= config->item_count)
      break;
    size_t slot = index % p->slot_count;
    pthread_mutex_lock(&p->lock);
    while (index >= p->consumed + p->slot_count)
      pthread_cond_wait(&p->ring_space, &p->lock);
    pthread_mutex_unlock(&p->lock);

    hl_pool_item *item = &p->slots[slot];
    memset(item, 0, sizeof(*item));
    config->work(config->context, self->checker, index, item);

    pthread_mutex_lock(&p->lock);
    p->ready[slot] = true;
    pthread_cond_broadcast(&p->slot_done);
    pthread_mutex_unlock(&p->lock);
  }
  return NULL;
}

static void run_inline(const hl_pool_config *config, hotlint_checker *checker) {
  for (size_t i = 0; i < config->item_count; i++) {
    hl_pool_item item;
    memset(&item, 0, sizeof(item));
    config->work(config->context, checker, i, &item);
    config->consume(config->context, i, &item);
  }
}

static void consume_in_order(pool *p) {
  const hl_pool_config *config = p->config;
  for (size_t i = 0; i < config->item_count; i++) {
    size_t slot = i % p->slot_count;
    pthread_mutex_lock(&p->lock);
    while (!p->ready[slot])
      pthread_cond_wait(&p->slot_done, &p->lock);
    p->ready[slot] = false;
    pthread_mutex_unlock(&p->lock);

    config->consume(config->context, i, &p->slots[slot]);

    pthread_mutex_lock(&p->lock);
    p->consumed = i + 1;
    pthread_cond_broadcast(&p->ring_space);
    pthread_mutex_unlock(&p->lock);
  }
}

bool hl_pool_run(const hl_pool_config *config, hotlint_error *error) {
  if (config->item_count == 0)
    return true;
  size_t jobs = config->jobs < 1 ? 1 : config->jobs;
  if (jobs > config->item_count)
    jobs = config->item_count;

  worker *workers = hl_calloc(jobs, sizeof(worker));
  size_t created = 0;
  for (; created < jobs; created++) {
    workers[created].checker = hotlint_checker_new(config->engine);
    if (!workers[created].checker)
      break;
  }
  if (created == 0) {
    hl_free(workers);
    snprintf(error->message, sizeof(error->message), "cannot create a checker");
    return false;
  }
  jobs = created;

  if (jobs == 1) {
    run_inline(config, workers[0].checker);
    hotlint_checker_delete(workers[0].checker);
    hl_free(workers);
    return true;
  }

  pool p = {.config = config};
  atomic_init(&p.next, 0);
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.slot_done, NULL);
  pthread_cond_init(&p.ring_space, NULL);
  p.slot_count = jobs * SLOTS_PER_JOB;
  if (p.slot_count < MIN_SLOTS)
    p.slot_count = MIN_SLOTS;
  p.slots = hl_calloc(p.slot_count, sizeof(hl_pool_item));
  p.ready = hl_calloc(p.slot_count, sizeof(bool));

  size_t running = 0;
  for (size_t i = 0; i < jobs; i++) {
    workers[i].pool = &p;
    workers[i].started =
        pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) == 0;
    if (workers[i].started)
      running++;
  }
  if (running == 0) {
    /* No thread could start: do the work here, one file at a time. */
    run_inline(config, workers[0].checker);
  } else {
    consume_in_order(&p);
  }
  for (size_t i = 0; i < jobs; i++) {
    if (workers[i].started)
      pthread_join(workers[i].thread, NULL);
    hotlint_checker_delete(workers[i].checker);
  }
  hl_free(p.slots);
  hl_free(p.ready);
  pthread_cond_destroy(&p.ring_space);
  pthread_cond_destroy(&p.slot_done);
  pthread_mutex_destroy(&p.lock);
  hl_free(workers);
  return true;
}
