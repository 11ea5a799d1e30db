/* fuzz_serve_llm_request.c — libFuzzer target: the fields `ltbench serve` reads from an
 * OpenAI completions request body (serve_llm_request.h) on arbitrary bytes, as a
 * completions and as a chat request; whatever it accepts has a prompt and
 * 1 <= max_tokens <= 1e6. Bodies are cut at 1 MiB + 64 KiB (the server's own body
 * limit is larger; the prompt limit is what is tested). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve_llm_request.h"

#define MAX_BODY ((1u << 20) + (64u << 10))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_BODY)
        size = MAX_BODY;
    cJSON *body = cJSON_ParseWithLength((const char *)data, size);
    for (int chat = 0; chat < 2; chat++) {
        serve_llm_fields f;
        char err[256] = "";
        if (serve_llm_request_parse(body, chat, &f, err, sizeof err) == 0 &&
            (!f.prompt || f.max_tokens < 1 || f.max_tokens > 1000000 || f.chat != chat))
            abort();
        if (strlen(err) >= sizeof err)
            abort();
        serve_llm_fields_free(&f);
    }
    cJSON_Delete(body);
    return 0;
}
