/* serve_routes.c — the JSON endpoints of `ltbench serve` (see serve_routes.h). */
#include "serve_routes.h"
#include "serve_request.h"
#include "base64.h"
#include "wav_memory.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVE_MAX_BATCH 256
#define SERVE_DEFAULT_TOPK 5

/* A base64 string of a JSON field to bytes; -1 with a 400 reply set. */
static int decode_image(const cJSON *item, const char *what, unsigned char **bytes, size_t *len,
                        serve_reply *r)
{
    if (!cJSON_IsString(item)) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s must be a base64 string", what);
        return -1;
    }
    const char *s = item->valuestring;
    const char *comma = strncmp(s, "data:", 5) ? NULL : strchr(s, ',');   /* data: URL */
    if (comma)
        s = comma + 1;
    int rc = ltb_base64_decode(s, strlen(s), bytes, len);
    if (rc == 0 && *len == 0) {
        free(*bytes);
        *bytes = NULL;
        rc = -1;
    }
    if (rc != 0) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s is not valid base64 image data", what);
        return -1;
    }
    return 0;
}

static int top_k_of(const cJSON *holder, serve_reply *r)
{
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(holder, "top_k");
    if (!k || cJSON_IsNull(k))
        return SERVE_DEFAULT_TOPK;
    if (!cJSON_IsNumber(k) || k->valuedouble < 1 || k->valuedouble > 1000) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "top_k must be an integer in [1, 1000]");
        return -1;
    }
    return (int)k->valuedouble;
}

static cJSON *predictions_json(const serve_prediction *p, int k)
{
    cJSON *list = cJSON_CreateArray();
    for (int i = 0; i < k; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "label", p[i].label);
        cJSON_AddNumberToObject(o, "confidence", p[i].confidence);
        cJSON_AddNumberToObject(o, "class_id", p[i].class_id);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

/* Classifies n base64 images; the results (one prediction list each) as a JSON array,
 * or NULL with an error reply set. */
static cJSON *classify_items(const serve_request *req, const serve_model *m,
                             const cJSON *const *items, int n, int k, serve_reply *r)
{
    unsigned char **bytes = calloc((size_t)n, sizeof *bytes);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    serve_prediction *preds = calloc((size_t)n * (size_t)k, sizeof *preds);
    cJSON *results = NULL;
    int ok = bytes && lens && preds;
    if (!ok)
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    for (int i = 0; ok && i < n; i++) {
        char what[48];
        snprintf(what, sizeof what, n == 1 ? "inputs" : "images[%d]", i);
        ok = decode_image(items[i], what, &bytes[i], &lens[i], r) == 0;
    }
    char err[1024];
    int k_out = 0;
    serve_status st = SERVE_OK;
    if (ok && (st = serve_classify(req->models, m, (const unsigned char *const *)bytes, lens, n, k,
                                   preds, &k_out, err, sizeof err)) != SERVE_OK)
        serve_reply_status(r, st, err);
    if (ok && st == SERVE_OK) {
        results = cJSON_CreateArray();
        for (int i = 0; i < n; i++)
            cJSON_AddItemToArray(results, predictions_json(preds + (size_t)i * (size_t)k, k_out));
    }
    for (int i = 0; bytes && i < n; i++)
        free(bytes[i]);
    free(bytes);
    free(lens);
    free(preds);
    return results;
}

static void route_predict(const serve_request *req, serve_reply *r)
{
    cJSON *body = serve_parse_body(req, r);
    const serve_model *m = body ? serve_pick_model(req, body, SERVE_TASK_CLASSIFICATION, r) : NULL;
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(body, "metadata");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(meta, "format");
    int k = m ? top_k_of(meta, r) : -1;
    if (k > 0 && format && (!cJSON_IsString(format) || strcmp(format->valuestring, "base64"))) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "metadata.format must be \"base64\"");
        k = -1;
    }
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(body, "inputs");
    int n = cJSON_IsArray(inputs) ? cJSON_GetArraySize(inputs) : 1;   /* a list is a batch */
    if (k > 0 && (n < 1 || n > SERVE_MAX_BATCH)) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "inputs must be a base64 string or a list "
                          "of 1 to %d of them", SERVE_MAX_BATCH);
        k = -1;
    }
    const cJSON *items[SERVE_MAX_BATCH];
    for (int i = 0; k > 0 && i < n; i++)
        items[i] = cJSON_IsArray(inputs) ? cJSON_GetArrayItem(inputs, i) : inputs;
    cJSON *results = k > 0 ? classify_items(req, m, items, n, k, r) : NULL;
    if (results) {
        r->json = cJSON_CreateObject();
        cJSON_AddBoolToObject(r->json, "success", 1);
        if (cJSON_IsArray(inputs)) {           /* one prediction list per image */
            cJSON_AddItemToObject(r->json, "result", results);
            results = NULL;
        } else {
            cJSON *result = cJSON_AddObjectToObject(r->json, "result");
            cJSON_AddItemToObject(result, "predictions", cJSON_DetachItemFromArray(results, 0));
        }
        cJSON_AddStringToObject(r->json, "model_name", m->name);
        cJSON_Delete(results);
    }
    cJSON_Delete(body);
}

static void route_classify_batch(const serve_request *req, serve_reply *r)
{
    cJSON *body = serve_parse_body(req, r);
    const serve_model *m = body ? serve_pick_model(req, body, SERVE_TASK_CLASSIFICATION, r) : NULL;
    const cJSON *images = cJSON_GetObjectItemCaseSensitive(body, "images");
    int n = cJSON_GetArraySize(images);
    int k = m ? top_k_of(body, r) : -1;
    if (k > 0 && (!cJSON_IsArray(images) || n < 1 || n > SERVE_MAX_BATCH)) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "images must be an array of 1 to %d base64 strings",
                          SERVE_MAX_BATCH);
        k = -1;
    }
    const cJSON *items[SERVE_MAX_BATCH];
    for (int i = 0; k > 0 && i < n; i++)
        items[i] = cJSON_GetArrayItem(images, i);
    cJSON *results = k > 0 ? classify_items(req, m, items, n, k, r) : NULL;
    if (results) {
        r->json = cJSON_CreateObject();
        cJSON_AddItemToObject(r->json, "results", results);
    }
    cJSON_Delete(body);
}

/* The field names of one API generation's synthesis endpoint. */
typedef struct tts_api {
    const char *text, *audio, *duration;
    int python;                  /* adds success, model_name */
} tts_api;

static const tts_api kPythonTts = {"inputs", "audio_data", "duration", 1};
static const tts_api kRustTts = {"text", "audio_base64", "duration_secs", 0};

/* Synthesises body[api->text]; the WAV base64-encoded (malloc'd) and its duration. */
static char *synthesize_wav(const serve_request *req, const tts_api *api, serve_reply *r,
                            const serve_model **model, double *duration)
{
    cJSON *body = serve_parse_body(req, r);
    const serve_model *m = body ? serve_pick_model(req, body, SERVE_TASK_TTS, r) : NULL;
    const char *text = m ? serve_tts_text(body, api->text, r) : NULL;
    float *samples = NULL;
    size_t n = 0, wav_len = 0;
    unsigned char *wav = NULL;
    char *b64 = NULL, err[1024];
    serve_status st = text ? serve_synthesize(req->models, m, text, strlen(text), &samples, &n, err,
                                              sizeof err)
                           : SERVE_BAD_INPUT;
    if (text && st != SERVE_OK)
        serve_reply_status(r, st, err);
    else if (text && ltb_wav_encode_memory(samples, n, (int)m->sample_rate, &wav, &wav_len, err,
                                           sizeof err) != 0)
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err);
    else if (text && (b64 = malloc(ltb_base64_encoded_len(wav_len) + 1)) != NULL) {
        ltb_base64_encode(wav, wav_len, b64);
        *model = m;
        *duration = (double)n / (double)m->sample_rate;
    } else if (text)
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(samples);
    free(wav);
    cJSON_Delete(body);
    return b64;
}

static void reply_synthesis(const serve_request *req, const tts_api *api, serve_reply *r)
{
    const serve_model *m;
    double duration;
    char *b64 = synthesize_wav(req, api, r, &m, &duration);
    if (!b64)
        return;
    r->json = cJSON_CreateObject();
    if (api->python)
        cJSON_AddBoolToObject(r->json, "success", 1);
    cJSON_AddStringToObject(r->json, api->audio, b64);
    cJSON_AddNumberToObject(r->json, api->duration, duration);
    cJSON_AddNumberToObject(r->json, "sample_rate", (double)m->sample_rate);
    if (api->python)
        cJSON_AddStringToObject(r->json, "model_name", m->name);
    free(b64);
}

static void route_synthesize(const serve_request *req, serve_reply *r)
{
    reply_synthesis(req, &kPythonTts, r);
}

static void route_tts_synthesize(const serve_request *req, serve_reply *r)
{
    reply_synthesis(req, &kRustTts, r);
}

static cJSON *model_names(const serve_models *ms, int tts_only)
{
    cJSON *list = cJSON_CreateArray();
    for (int i = 0; i < ms->n; i++) {
        const serve_model *m = &ms->list[i];
        if (tts_only && m->task == SERVE_TASK_TTS) {
            cJSON_AddItemToArray(list, cJSON_CreateString(m->name));
        } else if (!tts_only) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", m->name);
            cJSON_AddStringToObject(o, "task", serve_task_name(m->task));
            cJSON_AddItemToArray(list, o);
        }
    }
    return list;
}

static void route_models(const serve_request *req, serve_reply *r)
{
    r->json = cJSON_CreateObject();
    cJSON_AddItemToObject(r->json, "models", model_names(req->models, 0));
}

static void route_tts_health(const serve_request *req, serve_reply *r)
{
    int any = serve_models_first(req->models, SERVE_TASK_TTS) != NULL;
    r->status = any ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
    r->json = cJSON_CreateObject();
    cJSON_AddStringToObject(r->json, "status", any ? "ok" : "unavailable");
    cJSON_AddItemToObject(r->json, "models", model_names(req->models, 1));
}

const serve_route serve_routes_python[] = {
    {"POST", "/predict", route_predict},
    {"POST", "/synthesize", route_synthesize},
    {"GET", "/models", route_models},
    {"GET", "/tts/health", route_tts_health},
    {NULL, NULL, NULL},
};

const serve_route serve_routes_rust[] = {
    {"POST", "/tts/synthesize", route_tts_synthesize},
    {"POST", "/tts/stream", serve_route_tts_stream},
    {"POST", "/classify/batch", route_classify_batch},
    {"GET", "/models", route_models},
    {"GET", "/tts/health", route_tts_health},
    {NULL, NULL, NULL},
};
