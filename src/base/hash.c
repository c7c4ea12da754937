/* 128-bit content hash (base/hash.h). */
#include "base/hash.h"

#include <stdio.h>
#include <string.h>

static const uint64_t C1 = UINT64_C(0x87c37b91114253d5);
static const uint64_t C2 = UINT64_C(0x4cf5ad432745937f);

static inline uint64_t rotate_left(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

static inline uint64_t final_mix(uint64_t k) {
  k ^= k >> 33;
  k *= UINT64_C(0xff51afd7ed558ccd);
  k ^= k >> 33;
  k *= UINT64_C(0xc4ceb9fe1a85ec53);
  k ^= k >> 33;
  return k;
}

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void mix_block(hl_hasher *hasher, const unsigned char *block) {
  uint64_t k1 = load_le64(block), k2 = load_le64(block + 8);
  k1 *= C1;
  k1 = rotate_left(k1, 31);
  k1 *= C2;
  hasher->h1 ^= k1;
  hasher->h1 = rotate_left(hasher->h1, 27);
  hasher->h1 += hasher->h2;
  hasher->h1 = hasher->h1 * 5 + 0x52dce729;
  k2 *= C2;
  k2 = rotate_left(k2, 33);
  k2 *= C1;
  hasher->h2 ^= k2;
  hasher->h2 = rotate_left(hasher->h2, 31);
  hasher->h2 += hasher->h1;
  hasher->h2 = hasher->h2 * 5 + 0x38495ab5;
}

void hl_hasher_init(hl_hasher *hasher, uint64_t seed) {
  memset(hasher, 0, sizeof *hasher);
  hasher->h1 = seed;
  hasher->h2 = seed;
}

void hl_hasher_feed(hl_hasher *hasher, const void *data, size_t length) {
  const unsigned char *bytes = data;
  hasher->total += length;
  if (hasher->tail_length) {
    size_t take = 16 - hasher->tail_length;
    if (take > length)
      take = length;
    memcpy(hasher->tail + hasher->tail_length, bytes, take);
    hasher->tail_length += take;
    bytes += take;
    length -= take;
    if (hasher->tail_length < 16)
      return;
    mix_block(hasher, hasher->tail);
    hasher->tail_length = 0;
  }
  for (; length >= 16; bytes += 16, length -= 16)
    mix_block(hasher, bytes);
  memcpy(hasher->tail, bytes, length);
  hasher->tail_length = length;
}

void hl_hasher_feed_u64(hl_hasher *hasher, uint64_t value) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; i++)
    bytes[i] = (unsigned char)(value >> (8 * i));
  hl_hasher_feed(hasher, bytes, sizeof bytes);
}

void hl_hasher_feed_string(hl_hasher *hasher, const char *text) {
  size_t length = text ? strlen(text) : 0;
  hl_hasher_feed_u64(hasher, text ? length : UINT64_MAX);
  if (length)
    hl_hasher_feed(hasher, text, length);
}

hl_hash128 hl_hasher_finish(const hl_hasher *hasher) {
  uint64_t h1 = hasher->h1, h2 = hasher->h2, k1 = 0, k2 = 0;
  const unsigned char *tail = hasher->tail;
  size_t n = hasher->tail_length;
  for (size_t i = n; i > 8; i--)
    k2 = (k2 << 8) | tail[i - 1];
  if (n > 8) {
    k2 *= C2;
    k2 = rotate_left(k2, 33);
    k2 *= C1;
    h2 ^= k2;
  }
  for (size_t i = n < 8 ? n : 8; i > 0; i--)
    k1 = (k1 << 8) | tail[i - 1];
  if (n > 0) {
    k1 *= C1;
    k1 = rotate_left(k1, 31);
    k1 *= C2;
    h1 ^= k1;
  }
  h1 ^= hasher->total;
  h2 ^= hasher->total;
  h1 += h2;
  h2 += h1;
  h1 = final_mix(h1);
  h2 = final_mix(h2);
  h1 += h2;
  h2 += h1;
  return (hl_hash128){h1, h2};
}

hl_hash128 hl_hash_bytes(const void *data, size_t length, uint64_t seed) {
  hl_hasher hasher;
  hl_hasher_init(&hasher, seed);
  hl_hasher_feed(&hasher, data, length);
  return hl_hasher_finish(&hasher);
}

void hl_hash128_hex(hl_hash128 hash, char out[33]) {
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)hash.high,
           (unsigned long long)hash.low);
}
