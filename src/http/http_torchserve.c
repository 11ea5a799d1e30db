/* http_torchserve.c — TorchServe's classification answers (see http_torchserve.h). */
#include "http_torchserve.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failf(ltb_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* A class name's id: a whole number, else its line in labels; -1 when neither. */
static long class_id(const char *name, const char *const *labels, int n_labels)
{
    char *end;
    long v = *name >= '0' && *name <= '9' ? strtol(name, &end, 10) : -1;
    if (v >= 0 && *end == '\0' && v <= INT32_MAX)
        return v;
    for (int i = 0; labels && i < n_labels; i++)
        if (labels[i] && !strcmp(labels[i], name))
            return i;
    return -1;
}

int ltb_http_parse_torchserve(const ltb_http_reply *r, const char *const *labels, int n_labels,
                              int top_k, ltb_result *res)
{
    res->response_bytes = r->len;
    res->server_processing_s = -1;
    if (r->status < 200 || r->status >= 300) {
        char msg[LTB_ERROR_LEN];
        ltb_http_error_text(r->body, r->len, msg, sizeof msg);
        return msg[0] ? failf(res, "HTTP %ld: %s", r->status, msg) : failf(res, "HTTP %ld", r->status);
    }
    cJSON *root = cJSON_ParseWithLength(r->body ? r->body : "", r->body ? r->len : 0);
    const cJSON *first = cJSON_IsArray(root) ? cJSON_GetArrayItem(root, 0) : root;
    int rc = 0, k = 0;
    if (!cJSON_IsObject(first))
        rc = failf(res, "TorchServe answer is not a {class: probability} object (%zu bytes)", r->len);
    const cJSON *e;
    int want = top_k < LTB_TOPK ? top_k : LTB_TOPK;
    for (e = rc == 0 ? first->child : NULL; e && k < want; e = e->next) {
        if (!cJSON_IsNumber(e)) {
            rc = failf(res, "TorchServe answer's class '%.64s' has no numeric probability", e->string);
            break;
        }
        long id = class_id(e->string, labels, n_labels);
        if (id < 0) {
            rc = labels ? failf(res, "TorchServe answer's class '%.64s' is not a class id nor in the labels",
                                e->string)
                        : failf(res, "TorchServe answer's class '%.64s' is not a class id, and no "
                                "class names were given (--labels FILE)", e->string);
            break;
        }
        res->topk_ids[k] = (int32_t)id;
        res->topk_scores[k++] = (float)e->valuedouble;
    }
    if (rc == 0 && k == 0)
        rc = failf(res, "TorchServe answer holds no classes");
    if (rc == 0)
        res->topk_n = k;
    cJSON_Delete(root);
    return rc;
}

static int starts_with(const unsigned char *bytes, size_t len, size_t at, const char *sig, size_t n)
{
    return len >= at + n && memcmp(bytes + at, sig, n) == 0;
}

const char *ltb_torchserve_content_type(const unsigned char *bytes, size_t len)
{
    if (!bytes)
        return "application/octet-stream";
    if (starts_with(bytes, len, 0, "\xff\xd8\xff", 3))
        return "image/jpeg";
    if (starts_with(bytes, len, 0, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (starts_with(bytes, len, 0, "GIF87a", 6) || starts_with(bytes, len, 0, "GIF89a", 6))
        return "image/gif";
    if (starts_with(bytes, len, 0, "BM", 2))
        return "image/bmp";
    if (starts_with(bytes, len, 0, "RIFF", 4) && starts_with(bytes, len, 8, "WEBP", 4))
        return "image/webp";
    return "application/octet-stream";
}
