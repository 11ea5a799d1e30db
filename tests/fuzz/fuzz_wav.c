/* fuzz_wav.c — libFuzzer target: WAV decoding of HTTP responses (libsndfile over
 * a memory buffer) on arbitrary bytes, including headers that lie about length. */
#include <stdint.h>
#include <stdlib.h>

#include "wav_memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    float *samples = NULL;
    size_t n = 0;
    int rate = 0;
    char err[256];
    if (ltb_wav_decode_memory(data, size, &samples, &n, &rate, err, sizeof err) == 0)
        free(samples);
    return 0;
}
