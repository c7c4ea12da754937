/* Clocks, in nanoseconds: the calling thread's CPU time, for the per-file
 * time limit (which a loaded machine must not trip: other processes' time
 * is not the file's); and the monotonic wall clock, for waits (the LSP
 * server's debounce, a benchmark's timeout). Owns nothing. */
#ifndef HOTLINT_BASE_CLOCK_H
#define HOTLINT_BASE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

static inline uint64_t hl_thread_cpu_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

/* Whether the thread's CPU time has reached deadline_ns (0: never). The
 * clock is a system call and the callers ask from hot loops, so it is read
 * on every `every`-th call only (a power of two), counted in *calls. */
static inline bool hl_cpu_deadline_reached(uint64_t deadline_ns,
                                           uint32_t *calls, uint32_t every) {
  return deadline_ns && (++*calls & (every - 1)) == 0 &&
         hl_thread_cpu_ns() >= deadline_ns;
}

static inline uint64_t hl_monotonic_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

#endif
