/* gen_noise.c — seeded Gaussian noise (see gen_noise.h). */
#include "gen_noise.h"
#include "rng.h"

#include <math.h>

#define TWO_PI 6.283185307179586476925286766559
#define TO_UNIT (1.0 / 9007199254740992.0)   /* 2^-53 */

void ltb_gen_noise(float *out, size_t n, uint64_t seed, uint64_t stream)
{
    uint64_t state = ltb_rng_state(seed, stream);
    for (size_t i = 0; i < n; i += 2) {
        double u1 = (double)((ltb_rng_next(&state) >> 11) + 1) * TO_UNIT;
        double u2 = (double)(ltb_rng_next(&state) >> 11) * TO_UNIT;
        double r = sqrt(-2.0 * log(u1));
        out[i] = (float)(r * cos(TWO_PI * u2));
        if (i + 1 < n)
            out[i + 1] = (float)(r * sin(TWO_PI * u2));
    }
}
