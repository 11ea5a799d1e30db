/* fuzz_model_list.c — libFuzzer target: `-m` values as a list of model files (commas,
 * empty items, repeats, too many, too long) and the file-name part each variant's
 * result files take from a model path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cli_sweep s;
    if (size > 4 * LTB_MODEL_PATH_LEN)   /* an argv word of this size is already absurd */
        return 0;
    char *v = malloc(size + 1);
    if (!v)
        return 0;
    memcpy(v, data, size);
    v[size] = '\0';
    char err[256], part[64];
    cli_sweep_defaults(&s);
    if (cli_sweep_parse_models(&s, v, err, sizeof err) == 0) {
        if (s.n_models < 1 || s.n_models > LTB_MAX_SWEEP_MODELS)
            abort();
        for (int i = 0; i < s.n_models; i++) {
            if (!s.models[i][0] || strlen(s.models[i]) >= LTB_MODEL_PATH_LEN)
                abort();
            cli_model_suffix_part(s.models[i], part, sizeof part);
            if (strlen(part) >= sizeof part)
                abort();
        }
    } else if (!err[0]) {
        abort();   /* a refusal always says why */
    }
    cli_model_suffix_part(v, part, sizeof part);
    free(v);
    return 0;
}
