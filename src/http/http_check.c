/* http_check.c — the connectivity check before an HTTP run (see target_http.h):
 * a GET or two with the token, so a server that is down, that refuses the token,
 * or that speaks another protocol gives one clear line and exit code 2 instead of
 * hundreds of failed requests. */
#include "target_http.h"
#include "http_curl.h"
#include "http_response.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_TIMEOUT_S 30.0

static const char *model_entry_name(const cJSON *entry)
{
    static const char *const kKeys[] = {"name", "model_name", "id"};
    if (cJSON_IsString(entry))
        return entry->valuestring;
    for (size_t i = 0; i < sizeof kKeys / sizeof *kKeys; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, kKeys[i]);
        if (cJSON_IsString(v))
            return v->valuestring;
    }
    return NULL;
}

/* A /models answer ({"models": [...]}, {"available_models": [...]} or a list, of
 * names or objects with a name) that lists models but not model_name: -1 with the names it has. An
 * answer in another shape is not judged. */
static int check_model_listed(const ltb_http_buffer *body, const char *model_name, char *err,
                              size_t errlen)
{
    cJSON *root = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
    const cJSON *list = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "models");
    if (!cJSON_IsArray(list))     /* the real torch-inference server's word */
        list = cJSON_GetObjectItemCaseSensitive(root, "available_models");
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0, found = 0, named = 0;
    char names[256] = "";
    size_t used = 0;
    for (int i = 0; i < n && !found; i++) {
        const char *name = model_entry_name(cJSON_GetArrayItem(list, i));
        if (!name)
            continue;
        named++;
        found = !strcmp(name, model_name);
        if (used < sizeof names)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", name);
    }
    cJSON_Delete(root);
    if (found || named == 0)
        return 0;
    snprintf(err, errlen, "the server has no model '%s' (it has: %s): pass --model-name", model_name,
             names);
    return -1;
}

static int read_health_sample_rate(const ltb_http_buffer *body)
{
    cJSON *root = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(root, "sample_rate");
    int v = cJSON_IsNumber(rate) && rate->valuedouble > 0 && rate->valuedouble <= 16000000
                ? (int)rate->valuedouble : 0;   /* an absurd rate is "not given" */
    cJSON_Delete(root);
    return v;
}

/* What the check's answer means: 0 go on, -1 with err. */
static int judge_answer(const ltb_http_options *o, const char *path, long status,
                        const ltb_http_buffer *body, int *health_sample_rate, char *err,
                        size_t errlen)
{
    if (status == 401 || status == 403) {
        char msg[160];
        ltb_http_error_text(body->data, body->len, msg, sizeof msg);
        if (o->token)
            snprintf(err, errlen, "the server refused the token (HTTP %ld on GET %s%s%s)", status,
                     path, msg[0] ? ": " : "", msg);
        else
            snprintf(err, errlen, "the server wants a token (HTTP %ld on GET %s): pass --token",
                     status, path);
        return -1;
    }
    if (status == 404) {
        char msg[160];
        ltb_http_error_text(body->data, body->len, msg, sizeof msg);
        snprintf(err, errlen, "--api %s: GET %s%s answered HTTP 404%s%s: is this a %s server?",
                 ltb_http_api_name(o->api), o->url, path, msg[0] ? ": " : "", msg,
                 ltb_http_api_name(o->api));
        return -1;
    }
    if (status < 200 || status >= 300)
        return 0;     /* it answers; the requests themselves will tell the rest */
    if (o->task == LTB_TASK_TTS) {
        *health_sample_rate = read_health_sample_rate(body);
        return 0;
    }
    if (o->api == LTB_HTTP_API_PYTHON && o->model_name && *o->model_name)
        return check_model_listed(body, o->model_name, err, errlen);
    return 0;
}

int ltb_http_get(const ltb_http_options *o, const char *path, long *status,
                 ltb_http_buffer *body, char *err, size_t errlen)
{
    char url[2200], errbuf[CURL_ERROR_SIZE];
    snprintf(url, sizeof url, "%s%s", o->url, path);
    memset(body, 0, sizeof *body);
    body->limit = o->max_response_bytes;
    *status = 0;
    ltb_http_global_init();
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = ltb_http_headers(o->token);
    if (!curl || !headers) {
        curl_easy_cleanup(curl);
        curl_slist_free_all(headers);
        snprintf(err, errlen, "cannot create a curl handle");
        return -1;
    }
    double timeout = o->timeout_s > 0 && o->timeout_s < CHECK_TIMEOUT_S ? o->timeout_s : CHECK_TIMEOUT_S;
    ltb_http_setup_handle(curl, url, headers, body, timeout, errbuf);
    CURLcode code = curl_easy_perform(curl);
    int rc = 0;
    if (code != CURLE_OK) {
        char why[256];
        ltb_http_transport_error(curl, code, errbuf, body, timeout, why, sizeof why);
        snprintf(err, errlen, "cannot reach %s: %s", o->url, why);
        rc = -1;
    } else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    }
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    return rc;
}

/* The protocol's health endpoint: 0 when it answers 2xx (401/403 and 404 in words). */
static int check_endpoint(const ltb_http_options *o, const char *path, int need_2xx,
                          ltb_http_server_info *info, char *err, size_t errlen)
{
    long status;
    ltb_http_buffer body;
    int rc = ltb_http_get(o, path, &status, &body, err, errlen);
    if (rc == 0)
        rc = judge_answer(o, path, status, &body, &info->health_sample_rate, err, errlen);
    if (rc == 0 && need_2xx && (status < 200 || status >= 300)) {
        char msg[160];
        ltb_http_error_text(body.data, body.len, msg, sizeof msg);
        snprintf(err, errlen, "--api %s: GET %s%s answered HTTP %ld%s%s", ltb_http_api_name(o->api),
                 o->url, path, status, msg[0] ? ": " : "", msg);
        rc = -1;
    }
    free(body.data);
    return rc;
}

/* v2: ready, then the model's metadata. */
static int check_v2(const ltb_http_options *o, ltb_http_server_info *info, char *err, size_t errlen)
{
    char path[1024];
    if (check_endpoint(o, "/v2/health/ready", 1, info, err, errlen) != 0)
        return -1;
    if (ltb_http_model_path(o->api, o->model_name, o->model_version, 0, path, sizeof path) != 0) {
        snprintf(err, errlen, "--model-name/--model-version are too long");
        return -1;
    }
    long status;
    ltb_http_buffer body;
    if (ltb_http_get(o, path, &status, &body, err, errlen) != 0)
        return -1;
    int rc = 0;
    char why[512];
    if (status < 200 || status >= 300) {
        char msg[160];
        ltb_http_error_text(body.data, body.len, msg, sizeof msg);
        snprintf(err, errlen, "--api v2: the server has no model '%s'%s%s (GET %s answered HTTP "
                 "%ld%s%s): pass --model-name", o->model_name,
                 o->model_version ? " version " : "", o->model_version ? o->model_version : "",
                 path, status, msg[0] ? ": " : "", msg);
        rc = -1;
    } else if (ltb_v2_parse_metadata(body.data, body.len, &info->v2, why, sizeof why) != 0) {
        snprintf(err, errlen, "--api v2: GET %s: %s", path, why);
        rc = -1;
    }
    free(body.data);
    return rc;
}

int ltb_http_check(const ltb_http_options *o, ltb_http_server_info *info, char *err,
                   size_t errlen)
{
    memset(info, 0, sizeof *info);
    switch (o->api) {
    case LTB_HTTP_API_V2: return check_v2(o, info, err, errlen);
    case LTB_HTTP_API_TORCHSERVE: return check_endpoint(o, "/ping", 1, info, err, errlen);
    case LTB_HTTP_API_OPENAI: return check_endpoint(o, "/v1/models", 0, info, err, errlen);
    default:
        return check_endpoint(o, o->task == LTB_TASK_TTS ? "/tts/health" : "/models", 0, info, err,
                              errlen);
    }
}
