/* fuzz_llm_sidecar.c — libFuzzer target: a language model's JSON sidecar as `ltbench
 * llm` reads it (tokenizer.type, tokenizer.bos_id, params), any bytes up to the size
 * limit and past it: parsed or refused with a sentence, never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "llm_sidecar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > LTB_LLM_SIDECAR_MAX_BYTES + 16)
        return 0;
    char err[256] = "";
    ltb_llm_sidecar s;
    if (ltb_llm_sidecar_parse((const char *)data, size, "fuzz.json", &s, err, sizeof err) == 0) {
        if (!s.found || s.bos_id < -1 || (s.params < 0 && s.params != -1))
            abort();
    } else if (!err[0]) {
        abort();   /* a refusal always says why */
    }
    return 0;
}
