/* rng.h — the seeded generator behind every generated input (synthetic images,
 * texts): xorshift64, so a --seed gives the same inputs on every machine. */
#ifndef LTB_RNG_H
#define LTB_RNG_H

#include <stdint.h>

/* A non-zero state from a seed (any value, 0 included). */
static inline uint64_t ltb_rng_state(uint64_t seed, uint64_t stream)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + stream;
    return s ? s : 0x2545F4914F6CDD1Dull;
}

static inline uint64_t ltb_rng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}
#endif
