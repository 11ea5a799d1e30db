/* gen_noise.h — the seeded Gaussian noise an image-generation request starts from
 * (a GAN's z, a diffusion model's initial latents): xorshift64 (rng.h) and the
 * Box-Muller transform, so a --seed gives the same images on every machine, and
 * tests/reference/generate_reference.py can make the same noise in Python. */
#ifndef LTB_GEN_NOISE_H
#define LTB_GEN_NOISE_H

#include <stddef.h>
#include <stdint.h>

/* n standard-normal floats of stream `stream` under seed: state =
 * ltb_rng_state(seed, stream); per pair, u1 = ((x1 >> 11) + 1) * 2^-53 (in (0,1]),
 * u2 = (x2 >> 11) * 2^-53, r = sqrt(-2 ln u1), values r cos(2 pi u2) then
 * r sin(2 pi u2) (the last one of an odd n is dropped), in double, stored as float. */
void ltb_gen_noise(float *out, size_t n, uint64_t seed, uint64_t stream);

/* The stream of image j of a request whose first prompt is workload sample s: s + j,
 * so a prompt's image does not depend on which request or level made it (batch 1). */
static inline uint64_t ltb_gen_noise_stream(int first_sample, int j)
{
    return (uint64_t)first_sample + (uint64_t)j;
}
#endif
