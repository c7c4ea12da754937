/* Sizes and durations written by people: "10MB", "512 KiB", "10s", "250ms",
 * as the command line and the configuration files accept them. Parsing
 * only; owns nothing, prints nothing. */
#ifndef HOTLINT_BASE_UNITS_H
#define HOTLINT_BASE_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A size in bytes: a whole number, optionally followed (spaces allowed) by
 * B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any
 * case. False when the text is anything else or the size overflows. */
bool hl_parse_size(const char *text, uint64_t *bytes);

/* A duration in milliseconds: a number (decimals allowed) followed by "ms"
 * or "s"; a bare number is seconds. False when the text is anything else
 * or the duration is over 24 hours. Rounds up to whole milliseconds, so
 * only "0" (any unit) gives 0. */
bool hl_parse_duration_ms(const char *text, unsigned *milliseconds);

/* Writes `bytes` for people ("10 MB", "1.5 MB", "812 KB", "37 B") into
 * out (at least 32 bytes); decimal units, as a disk or a browser shows
 * them. Returns out. */
const char *hl_format_size(uint64_t bytes, char *out, size_t size);

#endif
