/* llm_sidecar.c — a language model's sidecar (see llm_sidecar.h), with cJSON. */
#define _POSIX_C_SOURCE 200809L
#include "llm_sidecar.h"
#include "file_read.h"
#include "model_sidecar.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_tokenizer(const cJSON *tok, const char *name, ltb_llm_sidecar *out, char *err,
                          size_t errlen)
{
    if (!tok)
        return 0;
    if (!cJSON_IsObject(tok)) {
        snprintf(err, errlen, "model sidecar '%s': tokenizer is not an object", name);
        return -1;
    }
    out->has_tokenizer = 1;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(tok, "type");
    const cJSON *bos = cJSON_GetObjectItemCaseSensitive(tok, "bos_id");
    if (type && !cJSON_IsString(type)) {
        snprintf(err, errlen, "model sidecar '%s': tokenizer.type is not a string", name);
        return -1;
    }
    out->byte_tokenizer = type && !strcmp(type->valuestring, "bytes");
    if (bos) {
        double v = cJSON_GetNumberValue(bos);
        if (!cJSON_IsNumber(bos) || !(v >= 0) || v > 1e12 || v != floor(v)) {
            snprintf(err, errlen, "model sidecar '%s': tokenizer.bos_id is not a token id", name);
            return -1;
        }
        out->bos_id = (int64_t)v;
    }
    return 0;
}

int ltb_llm_sidecar_parse(const char *data, size_t len, const char *name, ltb_llm_sidecar *out,
                          char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->bos_id = -1;
    out->params = -1;
    if (len > LTB_LLM_SIDECAR_MAX_BYTES) {
        snprintf(err, errlen, "model sidecar '%s' is over %u bytes", name, LTB_LLM_SIDECAR_MAX_BYTES);
        return -1;
    }
    cJSON *j = cJSON_ParseWithLength(data, len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        snprintf(err, errlen, "model sidecar '%s' is not a JSON object", name);
        return -1;
    }
    out->found = 1;
    int rc = read_tokenizer(cJSON_GetObjectItemCaseSensitive(j, "tokenizer"), name, out, err, errlen);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(j, "params");
    if (rc == 0 && params) {
        double v = cJSON_GetNumberValue(params);
        if (!cJSON_IsNumber(params) || !(v >= 0) || v > 1e15) {
            snprintf(err, errlen, "model sidecar '%s': params is not a count", name);
            rc = -1;
        } else {
            out->params = v;
        }
    }
    cJSON_Delete(j);
    return rc;
}

int ltb_llm_sidecar_read(const char *model_path, ltb_llm_sidecar *out, char *err, size_t errlen)
{
    char path[4096];
    memset(out, 0, sizeof *out);
    out->bos_id = -1;
    out->params = -1;
    ltb_sidecar_path(model_path, path, sizeof path);
    if (access(path, R_OK) != 0)
        return 0;
    unsigned char *data;
    size_t len;
    if (ltb_read_file(path, LTB_LLM_SIDECAR_MAX_BYTES, &data, &len, err, errlen) != 0)
        return -1;
    int rc = ltb_llm_sidecar_parse((const char *)data, len, path, out, err, errlen);
    free(data);
    return rc;
}
