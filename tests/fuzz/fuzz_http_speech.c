/* fuzz_http_speech.c — libFuzzer target: OpenAI speech answers on arbitrary
 * bytes: as a WAV (libsndfile through wav_memory, the data offset walk over its
 * chunks) and as raw pcm, and the error shape. */
#include <stdint.h>
#include <string.h>

#include "http_audio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ltb_http_reply r = {.status = 200, .body = (const char *)data, .len = size};
    ltb_result res;
    memset(&res, 0, sizeof res);
    ltb_http_parse_speech(&r, 0, &res);
    memset(&res, 0, sizeof res);
    ltb_http_parse_speech(&r, 24000, &res);
    ltb_wav_data_offset(data, size);
    r.status = 400;
    memset(&res, 0, sizeof res);
    ltb_http_parse_speech(&r, 0, &res);
    return 0;
}
