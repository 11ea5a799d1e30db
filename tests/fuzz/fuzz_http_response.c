/* fuzz_http_response.c — libFuzzer target: every parser of a server's answer
 * (/predict, /classify/batch, /synthesize, /tts/synthesize, /tts/stream, error
 * bodies), whose base64 and WAV decoding come along, on arbitrary bodies. */
#include <stdint.h>
#include <string.h>

#include "http_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ltb_http_api apis[] = {LTB_HTTP_API_PYTHON, LTB_HTTP_API_RUST};
    ltb_http_reply r = {.status = 200, .body = (const char *)data, .len = size};
    for (int a = 0; a < 2; a++) {
        ltb_result res;
        memset(&res, 0, sizeof res);
        ltb_http_parse_image(apis[a], &r, 2, 5, &res);
        memset(&res, 0, sizeof res);
        ltb_http_parse_tts(apis[a], &r, &res);
    }
    ltb_result res;
    memset(&res, 0, sizeof res);
    ltb_http_parse_stream(&r, 22050, &res);
    char text[160];
    ltb_http_error_text((const char *)data, size, text, sizeof text);
    return 0;
}
