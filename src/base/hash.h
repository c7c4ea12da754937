/* Content hashing for the result cache: a 128-bit, non-cryptographic hash
 * (the 64-bit-lane construction of MurmurHash3_x64_128, written here from
 * its published description) with an incremental interface so a key can be
 * built from several pieces. Collisions between different inputs are as
 * unlikely as a 128-bit hash allows; it is not meant to resist an attacker
 * who writes files to collide (the cache also stores and compares the file
 * length). Owns no memory. */
#ifndef HOTLINT_BASE_HASH_H
#define HOTLINT_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct hl_hash128 {
  uint64_t low, high;
} hl_hash128;

typedef struct hl_hasher {
  uint64_t h1, h2;
  uint64_t total;         /* bytes fed so far */
  unsigned char tail[16]; /* bytes not yet making a whole block */
  size_t tail_length;
} hl_hasher;

void hl_hasher_init(hl_hasher *hasher, uint64_t seed);
void hl_hasher_feed(hl_hasher *hasher, const void *data, size_t length);
/* Feeds a 64-bit number (little-endian) or a string with its length, so
 * pieces fed one after another cannot run into each other. */
void hl_hasher_feed_u64(hl_hasher *hasher, uint64_t value);
void hl_hasher_feed_string(hl_hasher *hasher, const char *text);
hl_hash128 hl_hasher_finish(const hl_hasher *hasher);

hl_hash128 hl_hash_bytes(const void *data, size_t length, uint64_t seed);

/* 32 lowercase hex digits and a NUL. */
void hl_hash128_hex(hl_hash128 hash, char out[33]);

#endif
