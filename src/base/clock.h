/* The monotonic clock in nanoseconds, for deadlines (per-file time limits,
 * timeouts). Owns nothing. */
#ifndef HOTLINT_BASE_CLOCK_H
#define HOTLINT_BASE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t hl_monotonic_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * UINT64_C(1000000000) + (uint64_t)now.tv_nsec;
}

#endif
