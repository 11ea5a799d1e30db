/* fuzz_texts.c — libFuzzer target: the --texts file reader (UTF-8 validation,
 * control characters, line limits) on arbitrary bytes. */
#include <stdint.h>

#include "texts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ltb_texts t;
    char err[256];
    if (ltb_texts_parse((const char *)data, size, "fuzz", &t, err, sizeof err) == 0)
        ltb_texts_free(&t);
    return 0;
}
