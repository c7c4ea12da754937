/* Clocks, in nanoseconds: the calling thread's CPU time, for the per-file
 * time limit (which a loaded machine must not trip: other processes' time
 * is not the file's); and the monotonic wall clock, for waits (the LSP
 * server's debounce, a benchmark's timeout). Owns nothing. */
#ifndef HOTLINT_BASE_CLOCK_H
#define HOTLINT_BASE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t hl_thread_cpu_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

static inline uint64_t hl_monotonic_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

#endif
