/* model_sidecar_inputs.c — a sidecar's "inputs"/"outputs" (or classifier
 * "input_shape") for `ltbench run`, read with cJSON. */
#define _POSIX_C_SOURCE 200809L
#include "model_sidecar_inputs.h"
#include "model_sidecar.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_strings(const cJSON *arr, const char *path, const char *field, char *dst,
                        size_t width, int *n, char *err, size_t errlen)
{
    *n = 0;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > LTB_SIDECAR_MAX_INPUTS) {
        snprintf(err, errlen, "model sidecar '%s': \"%s\" must be an array of at most %d strings",
                 path, field, LTB_SIDECAR_MAX_INPUTS);
        return -1;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, arr) {
        if (!cJSON_IsString(item) || strlen(item->valuestring) >= width) {
            snprintf(err, errlen, "model sidecar '%s': \"%s\" item %d is not a string (of < %zu bytes)",
                     path, field, *n, width);
            return -1;
        }
        snprintf(dst + (size_t)*n * width, width, "%s", item->valuestring);
        (*n)++;
    }
    return 0;
}

/* [1,3,H,W] -> "x:Nx3xHxW" */
static int classifier_input(const cJSON *shape, ltb_sidecar_inputs *s)
{
    if (!cJSON_IsArray(shape) || cJSON_GetArraySize(shape) < 2 || cJSON_GetArraySize(shape) > 8)
        return 0;
    char spec[256] = "x:N";
    size_t used = strlen(spec);
    for (int i = 1; i < cJSON_GetArraySize(shape); i++) {
        const cJSON *d = cJSON_GetArrayItem(shape, i);
        if (!cJSON_IsNumber(d) || d->valuedouble < 1 || d->valuedouble > 1e9)
            return 0;
        used += (size_t)snprintf(spec + used, sizeof spec - used, "x%d", (int)d->valuedouble);
    }
    snprintf(s->inputs[0], sizeof s->inputs[0], "%s", spec);
    s->n_inputs = 1;
    return 0;
}

int ltb_sidecar_inputs_read(const char *model_path, ltb_sidecar_inputs *s, char *err,
                            size_t errlen)
{
    char path[4096];
    memset(s, 0, sizeof *s);
    cJSON *j;
    int found = ltb_sidecar_json(model_path, path, sizeof path, &j, err, errlen);
    if (found <= 0)
        return found;
    s->found = 1;
    int rc = read_strings(cJSON_GetObjectItemCaseSensitive(j, "inputs"), path, "inputs",
                          &s->inputs[0][0], sizeof s->inputs[0], &s->n_inputs, err, errlen);
    if (rc == 0)
        rc = read_strings(cJSON_GetObjectItemCaseSensitive(j, "outputs"), path, "outputs",
                          &s->outputs[0][0], sizeof s->outputs[0], &s->n_outputs, err, errlen);
    if (rc == 0 && s->n_inputs == 0)
        classifier_input(cJSON_GetObjectItemCaseSensitive(j, "input_shape"), s);
    cJSON_Delete(j);
    return rc;
}
