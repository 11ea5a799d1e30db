/* fuzz_http_torchserve.c — libFuzzer target: TorchServe's {class: probability}
 * answers (and batch lists, and errors) on arbitrary bytes, with labels; and the
 * Content-Type sniffed from an image body's first bytes. */
#include <stdint.h>
#include <string.h>

#include "http_torchserve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const labels[] = {"tench", "goldfish", "tabby"};
    ltb_http_reply r = {.status = 200, .body = (const char *)data, .len = size};
    ltb_result res;
    memset(&res, 0, sizeof res);
    ltb_http_parse_torchserve(&r, labels, 3, 5, &res);
    r.status = 503;
    memset(&res, 0, sizeof res);
    ltb_http_parse_torchserve(&r, NULL, 0, 5, &res);
    if (!strstr(ltb_torchserve_content_type(data, size), "/"))
        __builtin_trap();
    return 0;
}
