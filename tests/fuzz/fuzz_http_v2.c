/* fuzz_http_v2.c — libFuzzer target: the Open Inference Protocol parsers on
 * arbitrary bytes: model metadata, infer answers (JSON, and binary with the
 * Inference-Header-Content-Length taken from the input's first two bytes), the
 * image task's top-k, and the "inputs" of an infer request (what `ltbench serve`
 * reads). Element counts are bounded before any allocation (LTB_V2_MAX_ELEMENTS,
 * and the body's own length). */
#include <stdint.h>
#include <string.h>

#include "http_v2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    ltb_v2_metadata md;
    ltb_v2_parse_metadata((const char *)data, size, &md, err, sizeof err);
    if (size < 2)
        return 0;
    size_t header = ((size_t)data[0] << 8 | data[1]) % (size + 1);
    const char *body = (const char *)data + 2;
    size_t len = size - 2;
    for (int binary = 0; binary < 2; binary++) {
        size_t h = binary ? (header < len ? header : len) : 0;
        ltb_http_reply r = {.status = 200, .body = body, .len = len};
        ltb_result res;
        memset(&res, 0, sizeof res);
        ltb_v2_parse_image(&r, h, NULL, 1, 5, &res);
        ltb_v2_values v;
        if (ltb_v2_parse_tensor(body, len, h, "inputs", NULL, &v, err, sizeof err) == 0)
            ltb_v2_values_free(&v);
    }
    return 0;
}
