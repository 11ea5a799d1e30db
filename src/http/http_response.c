/* http_response.c — server answers into ltb_result (see http_response.h). */
#include "http_response.h"
#include "base64.h"
#include "wav_memory.h"

#include <cjson/cJSON.h>
#include <math.h>
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

/* The first line of text, control characters as spaces, cut to cap. */
static void first_line(const char *text, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && text[i] != '\n' && n + 1 < cap; i++)
        out[n++] = (unsigned char)text[i] < 0x20 ? ' ' : text[i];
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

static const char *string_field(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void ltb_http_error_text(const char *body, size_t len, char *out, size_t cap)
{
    static const char *const kKeys[] = {"error", "detail", "message"};
    cJSON *root = cJSON_ParseWithLength(body, len);
    for (size_t i = 0; root && i < sizeof kKeys / sizeof *kKeys; i++) {
        const char *s = string_field(root, kKeys[i]);
        if (s && *s) {
            first_line(s, strlen(s), out, cap);
            cJSON_Delete(root);
            return;
        }
    }
    cJSON_Delete(root);
    first_line(body ? body : "", body ? len : 0, out, cap);
}

static int check_status(const ltb_http_reply *r, ltb_result *res)
{
    res->response_bytes = r->len;
    res->server_processing_s = -1;
    if (r->status >= 200 && r->status < 300)
        return 0;
    char msg[LTB_ERROR_LEN];
    ltb_http_error_text(r->body, r->len, msg, sizeof msg);
    return msg[0] ? failf(res, "HTTP %ld: %s", r->status, msg) : failf(res, "HTTP %ld", r->status);
}

/* The body as a JSON object, or NULL with res->error set. */
static cJSON *parse_object(const ltb_http_reply *r, ltb_result *res)
{
    cJSON *root = cJSON_ParseWithLength(r->body, r->len);
    if (cJSON_IsObject(root))
        return root;
    cJSON_Delete(root);
    char start[48];
    first_line(r->body ? r->body : "", r->body ? r->len : 0, start, sizeof start);
    failf(res, "malformed JSON response (%zu bytes, starting '%s')", r->len, start);
    return NULL;
}

/* success:false fails the request with the server's error, even with HTTP 200. */
static int check_success(const cJSON *root, int required, ltb_result *res)
{
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(root, "success");
    if (!ok)
        return required ? failf(res, "response has no 'success' field") : 0;
    if (cJSON_IsTrue(ok))
        return 0;
    if (!cJSON_IsBool(ok))
        return failf(res, "response's 'success' is not true or false");
    const char *e = string_field(root, "error");
    return failf(res, "success:false: %s", e && *e ? e : "(the server gave no error message)");
}

static void read_processing_time(const cJSON *root, ltb_result *res)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "processing_time");
    res->server_processing_s = cJSON_IsNumber(t) && t->valuedouble >= 0 ? t->valuedouble : -1;
}

/* A JSON answer: its status checked, its body parsed, processing_time read;
 * NULL with res->error set. */
static cJSON *open_reply(const ltb_http_reply *r, ltb_result *res)
{
    if (check_status(r, res) != 0)
        return NULL;
    cJSON *root = parse_object(r, res);
    if (root)
        read_processing_time(root, res);
    return root;
}

/* A prediction list (or a list of them, one per image: the first) into top-k. */
static int read_predictions(const cJSON *list, int top_k, ltb_result *res)
{
    if (!cJSON_IsArray(list))
        return failf(res, "response's predictions are not a list");
    if (cJSON_IsArray(cJSON_GetArrayItem(list, 0)))
        list = cJSON_GetArrayItem(list, 0);
    int n = cJSON_GetArraySize(list);
    if (n == 0)
        return failf(res, "response has no predictions");
    int k = n < top_k ? n : top_k;
    k = k < LTB_TOPK ? k : LTB_TOPK;
    for (int i = 0; i < k; i++) {
        const cJSON *p = cJSON_GetArrayItem(list, i);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "class_id");
        const cJSON *conf = cJSON_GetObjectItemCaseSensitive(p, "confidence");
        if (!cJSON_IsNumber(id) || !cJSON_IsNumber(conf))
            return failf(res, "prediction %d has no numeric %s", i,
                         cJSON_IsNumber(id) ? "confidence" : "class_id");
        if (!(id->valuedouble >= 0 && id->valuedouble <= INT32_MAX))  /* NaN fails too */
            return failf(res, "prediction %d has class_id %g, not a class index", i, id->valuedouble);
        res->topk_ids[i] = (int32_t)id->valuedouble;
        res->topk_scores[i] = (float)conf->valuedouble;
    }
    res->topk_n = k;
    return 0;
}

/* A list that holds predictions: objects (or, per image, lists of objects). */
static int is_prediction_list(const cJSON *list)
{
    const cJSON *first = cJSON_GetArrayItem(list, 0);
    if (cJSON_IsArray(first))
        first = cJSON_GetArrayItem(first, 0);
    return cJSON_GetArraySize(list) == 0 || cJSON_IsObject(first);
}

/* The real torch-inference server answers "result": <a number> (its built-in
 * model), or a list of them for a batch: a result that is not a classification (a
 * number, a string, a list of numbers, an object without predictions) is a
 * success with no top-k; only a missing result fails. */
/* Keeps a result that is not a classification, as JSON text, for the JSON report. */
static int keep_result(const cJSON *result, ltb_result *res)
{
    char *text = cJSON_PrintUnformatted(result);
    snprintf(res->server_result, sizeof res->server_result, "%s", text ? text : "");
    cJSON_free(text);
    return 0;
}

static int parse_python_image(const cJSON *root, int top_k, ltb_result *res)
{
    if (check_success(root, 1, res) != 0)
        return -1;
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(root, "result");
    if (!result || cJSON_IsNull(result))
        return failf(res, "response has no 'result'");
    if (cJSON_IsArray(result))
        return is_prediction_list(result) ? read_predictions(result, top_k, res)
                                          : keep_result(result, res);
    const cJSON *preds = cJSON_GetObjectItemCaseSensitive(result, "predictions");
    if (cJSON_IsObject(result) && preds)
        return read_predictions(preds, top_k, res);
    return keep_result(result, res);
}

static int parse_rust_image(const cJSON *root, int images, int top_k, ltb_result *res)
{
    if (check_success(root, 0, res) != 0)
        return -1;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(root, "results");
    if (!cJSON_IsArray(results))
        return failf(res, "response has no 'results' list");
    if (cJSON_GetArraySize(results) != images)
        return failf(res, "server returned %d results for %d images",
                     cJSON_GetArraySize(results), images);
    const cJSON *first = cJSON_GetArrayItem(results, 0);
    if (!cJSON_IsArray(first))
        return failf(res, "response's results[0] is not a list of predictions");
    return read_predictions(first, top_k, res);
}

int ltb_http_parse_image(ltb_http_api api, const ltb_http_reply *r, int images, int top_k,
                         ltb_result *res)
{
    cJSON *root = open_reply(r, res);
    if (!root)
        return -1;
    int rc = api == LTB_HTTP_API_RUST ? parse_rust_image(root, images, top_k, res)
                                      : parse_python_image(root, top_k, res);
    cJSON_Delete(root);
    return rc;
}

/* The base64 WAV in root[audio_key]: its duration, checked against
 * root[duration_key] when present (more than one frame apart fails). */
static int read_wav_audio(const cJSON *root, const char *audio_key, const char *duration_key,
                          ltb_result *res)
{
    const char *b64 = string_field(root, audio_key);
    if (!b64)
        return failf(res, "response has no '%s' string", audio_key);
    unsigned char *wav = NULL;
    size_t wav_len = 0;
    if (ltb_base64_decode(b64, strlen(b64), &wav, &wav_len) != 0)
        return failf(res, "response's '%s' is not valid base64", audio_key);
    float *samples = NULL;
    size_t frames = 0;
    int rate = 0;
    char why[LTB_ERROR_LEN];
    int rc = ltb_wav_decode_memory(wav, wav_len, &samples, &frames, &rate, why, sizeof why);
    free(wav);
    free(samples);
    if (rc != 0)
        return failf(res, "response's '%s' is not a readable WAV: %s", audio_key, why);
    if (frames == 0 || rate <= 0)
        return failf(res, "response's '%s' holds no audio", audio_key);
    double seconds = (double)frames / (double)rate;
    const cJSON *said = cJSON_GetObjectItemCaseSensitive(root, duration_key);
    if (cJSON_IsNumber(said) && fabs(said->valuedouble - seconds) > 1.0 / (double)rate)
        return failf(res, "duration mismatch: '%s' says %.4f s, the WAV holds %.4f s (%zu frames at %d Hz)",
                     duration_key, said->valuedouble, seconds, frames, rate);
    res->audio_seconds = seconds;
    res->sample_rate = rate;
    res->bit_depth = 16;
    return 0;
}

int ltb_http_parse_tts(ltb_http_api api, const ltb_http_reply *r, ltb_result *res)
{
    cJSON *root = open_reply(r, res);
    if (!root)
        return -1;
    int rust = api == LTB_HTTP_API_RUST;
    int rc = check_success(root, !rust, res);
    if (rc == 0)
        rc = rust ? read_wav_audio(root, "audio_base64", "duration_secs", res)
                  : read_wav_audio(root, "audio_data", "duration", res);
    cJSON_Delete(root);
    return rc;
}

int ltb_http_parse_stream(const ltb_http_reply *r, int sample_rate, ltb_result *res)
{
    if (check_status(r, res) != 0)
        return -1;
    if (r->len == 0)
        return failf(res, "the audio stream was empty");
    if (r->len % 2 != 0)
        return failf(res, "the audio stream's %zu bytes are not whole PCM16 samples", r->len);
    if (sample_rate <= 0)
        return failf(res, "no sample rate for the audio stream");
    res->audio_seconds = (double)(r->len / 2) / (double)sample_rate;
    res->sample_rate = sample_rate;
    res->bit_depth = 16;
    return 0;
}
