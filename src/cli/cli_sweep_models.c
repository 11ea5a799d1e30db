/* cli_sweep_models.c — model files as a sweep dimension: `-m resnet18.pt,resnet18.pt2`
 * runs every other variant once per model file, so TorchScript and AOTInductor (or any
 * two exports) land in one sweep table (see cli_sweep.h). */
#include "cli_sweep.h"

#include <stdio.h>
#include <string.h>

int cli_sweep_parse_models(cli_sweep *s, const char *v, char *err, size_t errlen)
{
    int n = 0;
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0) {
            snprintf(err, errlen, "-m: '%s' has an empty model path", v);
            return -1;
        }
        if (n == LTB_MAX_SWEEP_MODELS) {
            snprintf(err, errlen, "-m: '%.200s' names more than %d model files", v, LTB_MAX_SWEEP_MODELS);
            return -1;
        }
        if (len >= LTB_MODEL_PATH_LEN) {
            snprintf(err, errlen, "-m: a model path is longer than %d bytes", LTB_MODEL_PATH_LEN - 1);
            return -1;
        }
        memcpy(s->models[n], p, len);
        s->models[n][len] = '\0';
        for (int i = 0; i < n; i++)
            if (!strcmp(s->models[i], s->models[n])) {
                snprintf(err, errlen, "-m: '%.200s' is named twice", s->models[n]);
                return -1;
            }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    s->n_models = n;
    return 0;
}

void cli_model_suffix_part(const char *model, char *buf, size_t len)
{
    const char *slash = strrchr(model, '/');
    const char *name = slash ? slash + 1 : model;
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < len; p++)
        buf[k++] = (*p == '.' || *p == ' ' || *p == ':') ? '_' : *p;
    if (len)
        buf[k] = '\0';
}
