/* test_serve.c — `ltbench serve` as a client sees it: the real server process on
 * loopback (started with --port 0, its port read from the stderr line), real models
 * and photos, libcurl requests to both API generations. Proves the answers (top-5 =
 * what `ltbench image` records, WAV duration = its frames / rate, the chunked stream
 * = the whole utterance), the errors (401/400/404/405/413 as JSON), concurrent
 * requests, and a clean exit 0 on SIGTERM. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "base64.h"
#include "wav_memory.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TOKEN "secret"
#define MAX_BODY 2000000
#define TEXT "The quick brown fox jumps over the lazy dog, then rests in the warm sun."

static pid_t g_pid;
static int g_port;
static char *g_log;

typedef struct http_resp {
    long status;
    char *body;
    size_t len;
    int chunked;                 /* Transfer-Encoding: chunked */
    double first_byte_s, total_s;
} http_resp;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int start_server(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char *dir = tu_tempdir();
    g_log = tu_path(dir, "server.err");
    free(dir);
    char *resnet = tu_path(tu_env("LTBENCH_MODELS_DIR"), "resnet18.pt");
    char *tts = tu_path(tu_env("LTBENCH_MODELS_DIR"), "tts_tiny.pt");
    g_pid = fork();
    if (g_pid == 0) {
        if (!freopen(g_log, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(tu_env("LTBENCH_BIN"), "ltbench", "serve", "--port", "0", "--model", resnet,
              "--model", tts, "--token", TOKEN, "--max-body-bytes", "2000000", (char *)NULL);
        _exit(127);
    }
    free(resnet);
    free(tts);
    for (int i = 0; i < 1800 && g_pid > 0; i++) {        /* up to 3 minutes */
        char *log = tu_read_file(g_log);
        const char *at = log ? strstr(log, "listening on http://127.0.0.1:") : NULL;
        if (at)
            g_port = atoi(at + strlen("listening on http://127.0.0.1:"));
        int status;
        int exited = waitpid(g_pid, &status, WNOHANG) == g_pid;
        if (exited || g_port) {
            if (exited) {
                print_error("ltbench serve exited at start; stderr:\n%s\n", log ? log : "");
                g_pid = 0;
            }
            free(log);
            break;
        }
        free(log);
        sleep_ms(100);
    }
    return g_port > 0 ? 0 : -1;
}

static int stop_server(void **state)
{
    (void)state;
    if (g_pid > 0) {
        kill(g_pid, SIGKILL);
        waitpid(g_pid, NULL, 0);
    }
    unlink(g_log);
    free(g_log);
    curl_global_cleanup();
    return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    http_resp *r = user;
    char *grown = realloc(r->body, r->len + size * n + 1);
    if (!grown)
        return 0;
    r->body = grown;
    memcpy(r->body + r->len, data, size * n);
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
    http_resp *r = user;
    if (size * n >= 26 && !strncasecmp(data, "transfer-encoding: chunked", 26))
        r->chunked = 1;
    return size * n;
}

static CURL *request(const char *method, const char *path, const char *body, size_t body_len,
                     const char *token, http_resp *r, struct curl_slist **headers)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[256], auth[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", g_port, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    *headers = curl_slist_append(NULL, "Content-Type: application/json");
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        *headers = curl_slist_append(*headers, auth);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, *headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
    return c;
}

static void finish(CURL *c, http_resp *r, struct curl_slist *headers)
{
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME, &r->first_byte_s);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->total_s);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
}

/* Runs a prepared request; its status must be status. */
static void perform_expecting(CURL *c, http_resp *r, struct curl_slist *headers, long status)
{
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("request failed: %s", curl_easy_strerror(rc));
    finish(c, r, headers);
    if (r->status != status)
        fail_msg("HTTP %ld, expected %ld: %.300s", r->status, status, r->body ? r->body : "");
    free(r->body);
    r->body = NULL;
}

static void http(const char *method, const char *path, const char *body, const char *token,
                 http_resp *r)
{
    struct curl_slist *headers;
    CURL *c = request(method, path, body, body ? strlen(body) : 0, token, r, &headers);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    finish(c, r, headers);
}

/* POST path with body; the reply must have status and be a JSON object. */
static cJSON *post_json(const char *path, const char *body, long status)
{
    http_resp r;
    http("POST", path, body, TOKEN, &r);
    if (r.status != status)
        fail_msg("POST %s: HTTP %ld, expected %ld: %.300s", path, r.status, status,
                 r.body ? r.body : "");
    cJSON *j = cJSON_Parse(r.body);
    assert_true(cJSON_IsObject(j));
    free(r.body);
    return j;
}

static char *file_base64(const char *image)
{
    char *dir = tu_path(tu_env("LTBENCH_ASSETS_DIR"), "images");
    char *path = tu_path(dir, image);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, 1 << 20, f);
    fclose(f);
    char *b64 = malloc(ltb_base64_encoded_len(n) + 1);
    ltb_base64_encode(buf, n, b64);
    free(buf);
    free(path);
    free(dir);
    return b64;
}

static char *predict_body(const char *model, const char *b64, int k)
{
    size_t len = strlen(b64) + 256;
    char *body = malloc(len);
    snprintf(body, len,
             "{\"model_name\": \"%s\", \"inputs\": \"%s\", \"metadata\": {\"input_type\": "
             "\"image\", \"format\": \"base64\", \"top_k\": %d}}", model, b64, k);
    return body;
}

/* The class ids `ltbench image` records for assets/images/<image> (top 5). */
static void ltbench_image_top5(const char *image, int ids[5])
{
    char *dir = tu_tempdir();
    char cmd[4096];
    tu_output o;
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/img' && cp \"$LTBENCH_ASSETS_DIR/images/%s\" '%s/img/'",
             dir, image, dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd,
             "image -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" --images '%s/img' -c 1 -n 1 -k 5 "
             "-o json -q --name topk --output-dir '%s'", dir, dir);
    assert_int_equal(tu_run_cli(cmd, &o), 0);
    tu_output_free(&o);
    char *json_path = tu_path(dir, "topk.json");
    char *text = tu_read_file(json_path);
    cJSON *j = cJSON_Parse(text);
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
    const cJSON *rec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(lvl, "records"), 0);
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(rec, "topk_ids");
    assert_int_equal(cJSON_GetArraySize(got), 5);
    for (int i = 0; i < 5; i++)
        ids[i] = cJSON_GetArrayItem(got, i)->valueint;
    cJSON_Delete(j);
    free(text);
    free(json_path);
    free(dir);
}

/* A prediction list: k entries, labels, confidences descending with sum <= 1. */
static void check_predictions(const cJSON *preds, int k, int *ids)
{
    assert_int_equal(cJSON_GetArraySize(preds), k);
    double sum = 0, prev = 2;
    for (int i = 0; i < k; i++) {
        const cJSON *p = cJSON_GetArrayItem(preds, i);
        double conf = cJSON_GetObjectItemCaseSensitive(p, "confidence")->valuedouble;
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(p, "label")));
        assert_true(conf > 0 && conf <= prev);
        prev = conf;
        sum += conf;
        ids[i] = cJSON_GetObjectItemCaseSensitive(p, "class_id")->valueint;
    }
    assert_true(sum <= 1.0 + 1e-6);
}

static void models_and_health(void **state)
{
    (void)state;
    http_resp r;
    http("GET", "/models", NULL, TOKEN, &r);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *models = cJSON_GetObjectItemCaseSensitive(j, "models");
    assert_int_equal(cJSON_GetArraySize(models), 2);
    const cJSON *m0 = cJSON_GetArrayItem(models, 0), *m1 = cJSON_GetArrayItem(models, 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m0, "name")->valuestring, "resnet18");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m0, "task")->valuestring, "classification");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m1, "name")->valuestring, "tts_tiny");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(m1, "task")->valuestring, "tts");
    cJSON_Delete(j);
    free(r.body);

    http("GET", "/tts/health", NULL, TOKEN, &r);
    assert_int_equal(r.status, 200);
    j = cJSON_Parse(r.body);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "status")->valuestring, "ok");
    const cJSON *tts = cJSON_GetObjectItemCaseSensitive(j, "models");
    assert_int_equal(cJSON_GetArraySize(tts), 1);
    assert_string_equal(cJSON_GetArrayItem(tts, 0)->valuestring, "tts_tiny");
    cJSON_Delete(j);
    free(r.body);
}

static void predict_top5_equals_ltbench_image(void **state)
{
    (void)state;
    char *b64 = file_base64("chelsea_224.png");
    char *body = predict_body("resnet18", b64, 5);
    cJSON *j = post_json("/predict", body, 200);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "success")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "model_name")->valuestring, "resnet18");
    double pt = cJSON_GetObjectItemCaseSensitive(j, "processing_time")->valuedouble;
    assert_true(pt > 0 && pt < 60);
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(j, "result");
    int got[5], want[5];
    check_predictions(cJSON_GetObjectItemCaseSensitive(result, "predictions"), 5, got);
    ltbench_image_top5("chelsea_224.png", want);
    for (int i = 0; i < 5; i++)
        if (got[i] != want[i])
            fail_msg("rank %d: server class %d, ltbench image class %d", i, got[i], want[i]);
    cJSON_Delete(j);
    free(body);
    free(b64);
}

static void classify_batch_of_two(void **state)
{
    (void)state;
    char *a = file_base64("chelsea_224.png"), *b = file_base64("coffee.jpg");
    size_t len = strlen(a) + strlen(b) + 64;
    char *body = malloc(len);
    snprintf(body, len, "{\"images\": [\"%s\", \"%s\"], \"top_k\": 3}", a, b);
    cJSON *j = post_json("/classify/batch", body, 200);
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(j, "results");
    assert_int_equal(cJSON_GetArraySize(results), 2);
    int first[3], second[3];
    check_predictions(cJSON_GetArrayItem(results, 0), 3, first);
    check_predictions(cJSON_GetArrayItem(results, 1), 3, second);
    assert_true(memcmp(first, second, sizeof first) != 0);   /* two photos, two answers */
    cJSON_Delete(j);

    char *single = predict_body("resnet18", a, 3);           /* batched = alone */
    j = post_json("/predict", single, 200);
    int alone[3];
    check_predictions(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "result"),
                                                       "predictions"), 3, alone);
    assert_memory_equal(alone, first, sizeof alone);
    cJSON_Delete(j);
    free(single);
    free(body);
    free(a);
    free(b);
}

/* base64 WAV text to samples through the shared decoder. */
static float *decode_wav_b64(const char *b64, size_t *n, int *rate)
{
    unsigned char *wav;
    size_t len;
    char err[256];
    assert_int_equal(ltb_base64_decode(b64, strlen(b64), &wav, &len), 0);
    assert_memory_equal(wav, "RIFF", 4);
    float *samples;
    if (ltb_wav_decode_memory(wav, len, &samples, n, rate, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(wav);
    return samples;
}

static void synthesize_duration_is_the_wavs(void **state)
{
    (void)state;
    cJSON *j = post_json("/synthesize",
                         "{\"model_name\": \"tts_tiny\", \"inputs\": \"" TEXT "\", \"speed\": 1.0, "
                         "\"language\": \"en\", \"output_format\": \"wav\"}", 200);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "success")));
    size_t n;
    int rate;
    float *samples = decode_wav_b64(cJSON_GetObjectItemCaseSensitive(j, "audio_data")->valuestring,
                                    &n, &rate);
    assert_int_equal(rate, 22050);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "sample_rate")->valueint, 22050);
    assert_true(n > 22050 / 2);
    double duration = cJSON_GetObjectItemCaseSensitive(j, "duration")->valuedouble;
    assert_true(fabs(duration - (double)n / rate) < 1e-9);
    assert_true(cJSON_GetObjectItemCaseSensitive(j, "processing_time")->valuedouble > 0);
    free(samples);
    cJSON_Delete(j);
}

static void stream_is_chunked_and_equals_synthesize(void **state)
{
    (void)state;
    cJSON *j = post_json("/tts/synthesize", "{\"text\": \"" TEXT "\", \"speed\": 1.0}", 200);
    size_t n;
    int rate;
    float *whole = decode_wav_b64(cJSON_GetObjectItemCaseSensitive(j, "audio_base64")->valuestring,
                                  &n, &rate);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "sample_rate")->valueint, rate);
    assert_true(fabs(cJSON_GetObjectItemCaseSensitive(j, "duration_secs")->valuedouble -
                     (double)n / rate) < 1e-9);
    cJSON_Delete(j);

    http_resp r;
    http("POST", "/tts/stream", "{\"text\": \"" TEXT "\", \"speed\": 1.0}", TOKEN, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.chunked);
    assert_int_equal(r.len, 2 * n);
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        int16_t s = (int16_t)((unsigned)(unsigned char)r.body[2 * i] |
                              (unsigned)(unsigned char)r.body[2 * i + 1] << 8);
        double d = fabs(s / 32768.0 - whole[i]);
        worst = d > worst ? d : worst;
    }
    if (worst > 1e-3)
        fail_msg("streamed audio differs from the whole utterance by %g", worst);
    free(r.body);
    free(whole);
}

/* A long text: its first audio arrives well before the last. */
static void stream_sends_audio_before_the_end(void **state)
{
    (void)state;
    char body[1024] = "{\"text\": \"";
    for (int i = 0; i < 5; i++)              /* ~15 s of audio: encode is a fraction */
        strcat(body, "Streaming speech arrives chunk by chunk. ");
    strcat(body, "\"}");
    http_resp r;
    http("POST", "/tts/stream", body, TOKEN, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 2 * 22050);
    if (!(r.first_byte_s < 0.7 * r.total_s))
        fail_msg("first byte at %.3f s of %.3f s: not streamed", r.first_byte_s, r.total_s);
    free(r.body);
}

static void expect_error(const char *method, const char *path, const char *body,
                         const char *token, long status)
{
    http_resp r;
    http(method, path, body, token, &r);
    if (r.status != status)
        fail_msg("%s %s %.60s: HTTP %ld, expected %ld (%s)", method, path, body ? body : "",
                 r.status, status, r.body ? r.body : "");
    cJSON *j = cJSON_Parse(r.body);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "success")));
    assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "error")));
    cJSON_Delete(j);
    free(r.body);
}

static void auth_is_required(void **state)
{
    (void)state;
    expect_error("GET", "/models", NULL, NULL, 401);
    expect_error("GET", "/models", NULL, "wrong", 401);
    expect_error("POST", "/synthesize", "{\"inputs\": \"hi\"}", "secre", 401);
    expect_error("POST", "/tts/stream", "{\"text\": \"hi\"}", NULL, 401);
}

static void bad_requests_are_json_errors(void **state)
{
    (void)state;
    static const struct { const char *method, *path, *body; long status; } cases[] = {
        {"POST", "/predict", "{\"model_name\": \"resnet18\", \"inputs\": ", 400},  /* malformed */
        {"POST", "/predict", "", 400},
        {"POST", "/predict", "[1, 2]", 400},
        {"POST", "/predict", "{\"model_name\": \"resnet18\", \"inputs\": \"@@@!\"}", 400},
        {"POST", "/predict", "{\"model_name\": \"resnet18\", \"inputs\": 42}", 400},
        {"POST", "/predict", "{\"model_name\": \"resnet18\", \"inputs\": \"aGVsbG8gd29ybGQ=\"}", 400},
        {"POST", "/predict", "{\"inputs\": \"aGk=\", \"metadata\": {\"top_k\": 0}}", 400},
        {"POST", "/predict", "{\"model_name\": \"no_such_model\", \"inputs\": \"aGk=\"}", 404},
        {"POST", "/predict", "{\"model_name\": \"tts_tiny\", \"inputs\": \"aGk=\"}", 400},
        {"POST", "/synthesize", "{\"model_name\": \"no_such_model\", \"inputs\": \"hi\"}", 404},
        {"POST", "/synthesize", "{\"inputs\": \"\"}", 400},
        {"POST", "/synthesize", "{\"inputs\": \"hi\", \"output_format\": \"mp3\"}", 400},
        {"POST", "/tts/synthesize", "{\"text\": \"hi\", \"speed\": -1}", 400},
        {"POST", "/tts/stream", "{\"speed\": 1}", 400},
        {"POST", "/classify/batch", "{\"images\": \"aGk=\"}", 400},
        {"POST", "/classify/batch", "{\"images\": []}", 400},
        {"GET", "/predict", NULL, 405},
        {"POST", "/models", "{}", 405},
        {"GET", "/no/such/path", NULL, 404},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_error(cases[i].method, cases[i].path, cases[i].body, TOKEN, cases[i].status);
}

static size_t read_zeros(char *buf, size_t size, size_t n, void *user)
{
    size_t *left = user, want = size * n < *left ? size * n : *left;
    memset(buf, ' ', want);
    *left -= want;
    return want;
}

static void body_over_the_limit_is_413(void **state)
{
    (void)state;
    size_t len = MAX_BODY + 1;
    char *big = malloc(len + 1);
    memset(big, ' ', len);
    big[len] = '\0';
    http_resp r;
    struct curl_slist *headers;
    CURL *c = request("POST", "/predict", big, len, TOKEN, &r, &headers);   /* Content-Length */
    perform_expecting(c, &r, headers, 413);

    size_t left = 3 * (size_t)MAX_BODY;                                      /* chunked upload */
    c = request("POST", "/predict", NULL, 0, TOKEN, &r, &headers);
    headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_zeros);
    curl_easy_setopt(c, CURLOPT_READDATA, &left);
    perform_expecting(c, &r, headers, 413);
    free(big);
}

/* Four /predict requests at once on four connections: all answered, all equal. */
static void concurrent_requests(void **state)
{
    (void)state;
    enum { N = 4 };
    char *b64 = file_base64("coffee.jpg");
    char *body = predict_body("resnet18", b64, 5);
    CURLM *multi = curl_multi_init();
    CURL *easy[N];
    http_resp r[N];
    struct curl_slist *headers[N];
    for (int i = 0; i < N; i++) {
        easy[i] = request("POST", "/predict", body, strlen(body), TOKEN, &r[i], &headers[i]);
        curl_multi_add_handle(multi, easy[i]);
    }
    int running = N;
    while (running) {
        assert_int_equal(curl_multi_perform(multi, &running), CURLM_OK);
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    int first[5];
    for (int i = 0; i < N; i++) {
        curl_multi_remove_handle(multi, easy[i]);
        finish(easy[i], &r[i], headers[i]);
        assert_int_equal(r[i].status, 200);
        cJSON *j = cJSON_Parse(r[i].body);
        int ids[5];
        check_predictions(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "result"),
                                                           "predictions"), 5, ids);
        if (i == 0)
            memcpy(first, ids, sizeof ids);
        assert_memory_equal(ids, first, sizeof ids);
        cJSON_Delete(j);
        free(r[i].body);
    }
    curl_multi_cleanup(multi);
    free(body);
    free(b64);
}

static void sigterm_exits_zero(void **state)
{
    (void)state;
    assert_int_equal(kill(g_pid, SIGTERM), 0);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 600 && done == 0; i++) {
        done = waitpid(g_pid, &status, WNOHANG);
        if (done == 0)
            sleep_ms(50);
    }
    assert_int_equal(done, g_pid);
    g_pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(models_and_health),
        cmocka_unit_test(predict_top5_equals_ltbench_image),
        cmocka_unit_test(classify_batch_of_two),
        cmocka_unit_test(synthesize_duration_is_the_wavs),
        cmocka_unit_test(stream_is_chunked_and_equals_synthesize),
        cmocka_unit_test(stream_sends_audio_before_the_end),
        cmocka_unit_test(auth_is_required),
        cmocka_unit_test(bad_requests_are_json_errors),
        cmocka_unit_test(body_over_the_limit_is_413),
        cmocka_unit_test(concurrent_requests),
        cmocka_unit_test(sigterm_exits_zero),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
