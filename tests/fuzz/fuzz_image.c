/* fuzz_image.c — libFuzzer target: the image decode path (stb_image probe, decode,
 * resize, normalise) on arbitrary bytes, as with --images and the HTTP server. */
#include <stdint.h>
#include <stdlib.h>

#include "image_preprocess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static float out[3 * 24 * 16];
    char err[256];
    ltb_image_preprocess(data, size, "fuzz", 24, 16, out, err, sizeof err);
    return 0;
}
