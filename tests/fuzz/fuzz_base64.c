/* fuzz_base64.c — libFuzzer target: base64 decoding of HTTP payloads, and the
 * encode/decode round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *out;
    size_t n;
    if (ltb_base64_decode((const char *)data, size, &out, &n) == 0)
        free(out);
    char *enc = malloc(ltb_base64_encoded_len(size) + 1);
    if (!enc)
        return 0;
    ltb_base64_encode(data, size, enc);
    if (ltb_base64_decode(enc, strlen(enc), &out, &n) != 0 || n != size || memcmp(out, data, size))
        abort();
    free(out);
    free(enc);
    return 0;
}
