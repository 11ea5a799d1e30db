/* http_body.c — request bodies for the Python and Rust server APIs (see
 * http_body.h). Built with cJSON, so texts are escaped correctly. */
#include "http_body.h"
#include "base64.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const kApiNames[] = {"python", "rust", "v2", "torchserve", "openai"};

int ltb_http_api_parse(const char *word, ltb_http_api *api)
{
    for (size_t i = 0; i < sizeof kApiNames / sizeof *kApiNames; i++)
        if (!strcmp(word, kApiNames[i])) {
            *api = (ltb_http_api)i;
            return 0;
        }
    return -1;
}

const char *ltb_http_api_name(ltb_http_api api)
{
    return (unsigned)api < sizeof kApiNames / sizeof *kApiNames ? kApiNames[api] : "?";
}

const char *ltb_http_endpoint(ltb_task task, ltb_http_api api, int streaming)
{
    switch (api) {
    case LTB_HTTP_API_PYTHON:
        return task == LTB_TASK_IMAGE ? "/predict" : streaming ? NULL : "/synthesize";
    case LTB_HTTP_API_RUST:
        return task == LTB_TASK_IMAGE ? "/classify/batch"
               : streaming            ? "/tts/stream"
                                      : "/tts/synthesize";
    case LTB_HTTP_API_OPENAI: return task == LTB_TASK_TTS ? "/v1/audio/speech" : NULL;
    default: return NULL;
    }
}

int ltb_http_model_path(ltb_http_api api, const char *model, const char *version, int infer,
                        char *out, size_t cap)
{
    int has_version = version && *version;
    int n;
    if (api == LTB_HTTP_API_TORCHSERVE)
        n = snprintf(out, cap, "/predictions/%s%s%s", model, has_version ? "/" : "",
                     has_version ? version : "");
    else
        n = snprintf(out, cap, "/v2/models/%s%s%s%s", model, has_version ? "/versions/" : "",
                     has_version ? version : "", infer ? "/infer" : "");
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

static cJSON *base64_string(const unsigned char *data, size_t len)
{
    char *text = malloc(ltb_base64_encoded_len(len) + 1);
    if (!text)
        return NULL;
    ltb_base64_encode(data, len, text);
    cJSON *s = cJSON_CreateString(text);
    free(text);
    return s;
}

static cJSON *base64_array(const unsigned char *const *images, const size_t *lens, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++) {
        cJSON *s = base64_string(images[i], lens[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* Prints and frees root; NULL when anything on the way ran out of memory. */
static char *print_and_free(cJSON *root, int complete)
{
    char *text = root && complete ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

/* Attaches item to root under key; frees item when it could not be attached. */
static int attach(cJSON *root, const char *key, cJSON *item)
{
    if (item && cJSON_AddItemToObject(root, key, item))
        return 1;
    cJSON_Delete(item);
    return 0;
}

char *ltb_http_body_image(ltb_http_api api, const char *model_name, int top_k,
                          const unsigned char *const *images, const size_t *lens, int n)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    if (api == LTB_HTTP_API_RUST) {
        int ok = attach(root, "images", base64_array(images, lens, n));
        ok = ok && cJSON_AddNumberToObject(root, "top_k", top_k);
        return print_and_free(root, ok);
    }
    cJSON *inputs = n > 1 ? base64_array(images, lens, n) : base64_string(images[0], lens[0]);
    int ok = cJSON_AddStringToObject(root, "model_name", model_name) != NULL;
    ok = attach(root, "inputs", inputs) && ok;
    cJSON *meta = ok ? cJSON_AddObjectToObject(root, "metadata") : NULL;
    ok = ok && meta && cJSON_AddStringToObject(meta, "input_type", "image");
    ok = ok && cJSON_AddStringToObject(meta, "format", "base64");
    ok = ok && cJSON_AddNumberToObject(meta, "top_k", top_k);
    return print_and_free(root, ok);
}

char *ltb_http_body_tts(ltb_http_api api, const char *model_name, const char *text,
                        const char *voice)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    int ok;
    if (api == LTB_HTTP_API_RUST) {
        ok = cJSON_AddStringToObject(root, "text", text) != NULL;
        ok = ok && (!voice || cJSON_AddStringToObject(root, "voice", voice));
        ok = ok && cJSON_AddNumberToObject(root, "speed", 1.0);
        return print_and_free(root, ok);
    }
    ok = cJSON_AddStringToObject(root, "model_name", model_name) != NULL;
    ok = ok && cJSON_AddStringToObject(root, "inputs", text);
    ok = ok && cJSON_AddNumberToObject(root, "speed", 1.0);
    ok = ok && cJSON_AddStringToObject(root, "language", "en");
    ok = ok && cJSON_AddStringToObject(root, "output_format", "wav");
    ok = ok && (!voice || cJSON_AddStringToObject(root, "voice", voice));
    return print_and_free(root, ok);
}
