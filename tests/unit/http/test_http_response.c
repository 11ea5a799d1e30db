/* test_http_response.c — what a server's answer means for one request: every
 * parser path both ways (good answers of both APIs; HTTP errors; success:false
 * with HTTP 200; malformed JSON; missing fields; invalid base64; an undecodable
 * WAV; a duration that disagrees with the WAV; the raw PCM stream), and the
 * request bodies the client sends. */
#include "testutil.h"
#include "base64.h"
#include "http_body.h"
#include "http_response.h"
#include "wav_memory.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 22050

static ltb_result fresh_result(void)
{
    ltb_result res;
    memset(&res, 0, sizeof res);
    res.server_processing_s = -1;
    return res;
}

static int parse_image(ltb_http_api api, long status, const char *body, int images, ltb_result *res)
{
    ltb_http_reply r = {status, body, strlen(body)};
    *res = fresh_result();
    return ltb_http_parse_image(api, &r, images, 5, res);
}

static int parse_tts(ltb_http_api api, long status, const char *body, ltb_result *res)
{
    ltb_http_reply r = {status, body, strlen(body)};
    *res = fresh_result();
    return ltb_http_parse_tts(api, &r, res);
}

static void expect_failure(int rc, const ltb_result *res, const char *needle)
{
    if (rc == 0 || !strstr(res->error, needle))
        fail_msg("expected a failure with '%s', got rc %d, error '%s'", needle, rc, res->error);
}

/* base64 of a mono PCM16 WAV holding frames samples at RATE; malloc'd. */
static char *wav_base64(size_t frames)
{
    float *samples = calloc(frames, sizeof *samples);
    for (size_t i = 0; i < frames; i++)
        samples[i] = 0.25f * sinf((float)i * 0.05f);
    unsigned char *wav = NULL;
    size_t len = 0;
    char err[256];
    assert_int_equal(ltb_wav_encode_memory(samples, frames, RATE, &wav, &len, err, sizeof err), 0);
    char *b64 = malloc(ltb_base64_encoded_len(len) + 1);
    ltb_base64_encode(wav, len, b64);
    free(wav);
    free(samples);
    return b64;
}

/* ---- image: /predict (Python) ---------------------------------------------------- */

static void predict_with_result_predictions_gives_topk_and_server_time(void **state)
{
    (void)state;
    const char *body = "{\"success\": true, \"result\": {\"predictions\": ["
                       "{\"class\": \"tabby\", \"class_id\": 281, \"confidence\": 0.75},"
                       "{\"class\": \"tiger cat\", \"class_id\": 282, \"confidence\": 0.125}]},"
                       "\"processing_time\": 0.0125}";
    ltb_result res;
    assert_int_equal(parse_image(LTB_HTTP_API_PYTHON, 200, body, 1, &res), 0);
    assert_int_equal(res.topk_n, 2);
    assert_int_equal(res.topk_ids[0], 281);
    assert_int_equal(res.topk_ids[1], 282);
    assert_float_equal(res.topk_scores[0], 0.75, 1e-6);
    assert_float_equal(res.server_processing_s, 0.0125, 1e-12);
    assert_int_equal(res.response_bytes, strlen(body));
}

static void predict_with_result_as_a_list_works_too(void **state)
{
    (void)state;
    ltb_result res;
    assert_int_equal(parse_image(LTB_HTTP_API_PYTHON, 200,
                                 "{\"success\": true, \"result\": [{\"class_id\": 7, \"confidence\": 0.5}]}",
                                 1, &res), 0);
    assert_int_equal(res.topk_n, 1);
    assert_int_equal(res.topk_ids[0], 7);
    assert_true(res.server_processing_s < 0);   /* not reported: none */
}

static void topk_is_cut_to_what_was_asked(void **state)
{
    (void)state;
    char body[1024] = "{\"success\": true, \"result\": [";
    for (int i = 0; i < 8; i++)
        snprintf(body + strlen(body), sizeof body - strlen(body), "%s{\"class_id\": %d, \"confidence\": 0.1}",
                 i ? "," : "", i);
    strcat(body, "]}");
    ltb_http_reply r = {200, body, strlen(body)};
    ltb_result res = fresh_result();
    assert_int_equal(ltb_http_parse_image(LTB_HTTP_API_PYTHON, &r, 1, 3, &res), 0);
    assert_int_equal(res.topk_n, 3);
}

static void success_false_fails_even_with_http_200(void **state)
{
    (void)state;
    ltb_result res;
    int rc = parse_image(LTB_HTTP_API_PYTHON, 200,
                         "{\"success\": false, \"error\": \"CUDA out of memory\", \"processing_time\": 0.5}",
                         1, &res);
    expect_failure(rc, &res, "CUDA out of memory");
    rc = parse_image(LTB_HTTP_API_PYTHON, 200, "{\"success\": false}", 1, &res);
    expect_failure(rc, &res, "success:false");
    rc = parse_tts(LTB_HTTP_API_PYTHON, 200, "{\"success\": false, \"error\": \"no voice\"}", &res);
    expect_failure(rc, &res, "no voice");
}

static void non_2xx_fails_with_the_servers_message(void **state)
{
    (void)state;
    ltb_result res;
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 401, "{\"success\": false, \"error\": \"invalid token\"}", 1, &res),
                   &res, "HTTP 401: invalid token");
    expect_failure(parse_image(LTB_HTTP_API_RUST, 422, "{\"detail\": \"images: field required\"}", 1, &res),
                   &res, "HTTP 422: images: field required");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 503, "Service Unavailable\r\nmore", 1, &res),
                   &res, "HTTP 503: Service Unavailable");
    assert_null(strstr(res.error, "more"));
    expect_failure(parse_tts(LTB_HTTP_API_RUST, 500, "", &res), &res, "HTTP 500");
    ltb_http_reply r = {404, "{\"error\": \"unknown route\"}", 26};
    res = fresh_result();
    expect_failure(ltb_http_parse_stream(&r, RATE, &res), &res, "HTTP 404: unknown route");
}

static void malformed_json_fails(void **state)
{
    (void)state;
    ltb_result res;
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200, "{not json", 1, &res), &res, "malformed JSON");
    expect_failure(parse_image(LTB_HTTP_API_RUST, 200, "[1, 2]", 1, &res), &res, "malformed JSON");
    expect_failure(parse_tts(LTB_HTTP_API_PYTHON, 200, "", &res), &res, "malformed JSON");
}

static void missing_fields_fail_with_the_field_named(void **state)
{
    (void)state;
    ltb_result res;
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200, "{\"result\": []}", 1, &res), &res, "'success'");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200, "{\"success\": true}", 1, &res), &res, "'result'");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200, "{\"success\": true, \"result\": []}", 1, &res),
                   &res, "no predictions");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200,
                               "{\"success\": true, \"result\": [{\"confidence\": 0.5}]}", 1, &res),
                   &res, "class_id");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200,
                               "{\"success\": true, \"result\": [{\"class_id\": 1}]}", 1, &res),
                   &res, "confidence");
    /* a class id no int holds (the fuzzer's find: converting it was undefined) */
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200,
                               "{\"success\": true, \"result\": [{\"class_id\": 2e119, \"confidence\": 0.5}]}",
                               1, &res),
                   &res, "not a class index");
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200,
                               "{\"success\": true, \"result\": [{\"class_id\": -3, \"confidence\": 0.5}]}",
                               1, &res),
                   &res, "not a class index");
    expect_failure(parse_tts(LTB_HTTP_API_PYTHON, 200, "{\"success\": true, \"duration\": 1.0}", &res),
                   &res, "'audio_data'");
    expect_failure(parse_tts(LTB_HTTP_API_RUST, 200, "{\"sample_rate\": 22050}", &res), &res, "'audio_base64'");
}

/* The real torch-inference server's /predict answers "result": <a number> (its
 * built-in model), a list for a batch: a success with no top-k, never "no
 * 'result'"; only a result that is really missing fails, and says so. */
static void predict_result_that_is_not_a_classification_is_a_success(void **state)
{
    (void)state;
    static const char *const kBodies[] = {
        "{\"success\": true, \"result\": 0.4213, \"processing_time\": 0.01}",
        "{\"success\": true, \"result\": [0.1, 0.7]}",
        "{\"success\": true, \"result\": {\"label\": \"cat\"}}",
        "{\"success\": true, \"result\": \"cat\"}",
        "{\"success\": true, \"result\": [[0.1, 0.2], [0.3, 0.4]]}",
    };
    for (size_t i = 0; i < sizeof kBodies / sizeof *kBodies; i++) {
        ltb_result res;
        if (parse_image(LTB_HTTP_API_PYTHON, 200, kBodies[i], 1, &res) != 0)
            fail_msg("%s: %s", kBodies[i], res.error);
        assert_int_equal(res.topk_n, 0);
        assert_true(res.server_result[0] != '\0');   /* kept for the JSON report */
    }
    ltb_result kept;
    assert_int_equal(parse_image(LTB_HTTP_API_PYTHON, 200, kBodies[0], 1, &kept), 0);
    assert_string_equal(kept.server_result, "0.4213");
    ltb_result res;
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200, "{\"success\": true, \"result\": null}", 1, &res),
                   &res, "no 'result'");
    /* predictions that are there but malformed still fail */
    expect_failure(parse_image(LTB_HTTP_API_PYTHON, 200,
                               "{\"success\": true, \"result\": {\"predictions\": [{\"confidence\": 1}]}}",
                               1, &res),
                   &res, "class_id");
}

/* -b N sends a list of images to /predict (a batch there). */
static void predict_body_of_a_batch_is_a_list(void **state)
{
    (void)state;
    const unsigned char a[] = {1, 2, 3}, b[] = {4, 5};
    const unsigned char *const images[] = {a, b};
    const size_t lens[] = {3, 2};
    char *body = ltb_http_body_image(LTB_HTTP_API_PYTHON, "resnet18", 5, images, lens, 2);
    cJSON *root = cJSON_Parse(body);
    const cJSON *inputs = cJSON_GetObjectItem(root, "inputs");
    assert_true(cJSON_IsArray(inputs));
    assert_int_equal(cJSON_GetArraySize(inputs), 2);
    assert_string_equal(cJSON_GetArrayItem(inputs, 1)->valuestring, "BAU=");
    cJSON_Delete(root);
    free(body);
}

/* ---- image: /classify/batch (Rust) ------------------------------------------------ */

static void classify_batch_gives_the_first_images_topk(void **state)
{
    (void)state;
    const char *body = "{\"results\": [[{\"label\": \"a\", \"confidence\": 0.9, \"class_id\": 11}],"
                       "[{\"label\": \"b\", \"confidence\": 0.8, \"class_id\": 12}]]}";
    ltb_result res;
    assert_int_equal(parse_image(LTB_HTTP_API_RUST, 200, body, 2, &res), 0);
    assert_int_equal(res.topk_n, 1);
    assert_int_equal(res.topk_ids[0], 11);
    expect_failure(parse_image(LTB_HTTP_API_RUST, 200, body, 4, &res), &res, "2 results for 4 images");
    expect_failure(parse_image(LTB_HTTP_API_RUST, 200, "{}", 1, &res), &res, "'results'");
    expect_failure(parse_image(LTB_HTTP_API_RUST, 200, "{\"results\": [5]}", 1, &res), &res, "results[0]");
}

/* ---- TTS ------------------------------------------------------------------------ */

static void synthesize_duration_comes_from_the_wav(void **state)
{
    (void)state;
    char *b64 = wav_base64(RATE / 2);
    size_t cap = strlen(b64) + 256;
    char *body = malloc(cap);
    snprintf(body, cap, "{\"success\": true, \"audio_data\": \"%s\", \"duration\": 0.5, "
             "\"sample_rate\": 22050, \"processing_time\": 0.2}", b64);
    ltb_result res;
    assert_int_equal(parse_tts(LTB_HTTP_API_PYTHON, 200, body, &res), 0);
    assert_float_equal(res.audio_seconds, 0.5, 1e-9);
    assert_int_equal(res.sample_rate, RATE);
    assert_int_equal(res.bit_depth, 16);
    assert_float_equal(res.server_processing_s, 0.2, 1e-12);
    assert_int_equal(res.response_bytes, strlen(body));
    /* no duration field: the WAV alone decides */
    snprintf(body, cap, "{\"success\": true, \"audio_data\": \"%s\"}", b64);
    assert_int_equal(parse_tts(LTB_HTTP_API_PYTHON, 200, body, &res), 0);
    assert_float_equal(res.audio_seconds, 0.5, 1e-9);
    free(body);
    free(b64);
}

static void rust_tts_synthesize_reads_audio_base64(void **state)
{
    (void)state;
    char *b64 = wav_base64(RATE);
    size_t cap = strlen(b64) + 256;
    char *body = malloc(cap);
    snprintf(body, cap, "{\"audio_base64\": \"%s\", \"sample_rate\": 22050, \"duration_secs\": 1.0}", b64);
    ltb_result res;
    assert_int_equal(parse_tts(LTB_HTTP_API_RUST, 200, body, &res), 0);
    assert_float_equal(res.audio_seconds, 1.0, 1e-9);
    free(body);
    free(b64);
}

static void duration_mismatch_fails(void **state)
{
    (void)state;
    char *b64 = wav_base64(RATE / 2);
    size_t cap = strlen(b64) + 256;
    char *body = malloc(cap);
    snprintf(body, cap, "{\"success\": true, \"audio_data\": \"%s\", \"duration\": 0.75}", b64);
    ltb_result res;
    expect_failure(parse_tts(LTB_HTTP_API_PYTHON, 200, body, &res), &res, "duration mismatch");
    /* within one frame is the same duration */
    snprintf(body, cap, "{\"audio_base64\": \"%s\", \"duration_secs\": %.9f}", b64, 0.5 + 0.5 / RATE);
    assert_int_equal(parse_tts(LTB_HTTP_API_RUST, 200, body, &res), 0);
    snprintf(body, cap, "{\"audio_base64\": \"%s\", \"duration_secs\": %.9f}", b64, 0.5 + 2.0 / RATE);
    expect_failure(parse_tts(LTB_HTTP_API_RUST, 200, body, &res), &res, "duration mismatch");
    free(body);
    free(b64);
}

static void invalid_base64_and_undecodable_wav_fail(void **state)
{
    (void)state;
    ltb_result res;
    expect_failure(parse_tts(LTB_HTTP_API_PYTHON, 200,
                             "{\"success\": true, \"audio_data\": \"!!not*base64\"}", &res),
                   &res, "not valid base64");
    /* "hello world" in base64: decodes, but it is no WAV */
    expect_failure(parse_tts(LTB_HTTP_API_RUST, 200, "{\"audio_base64\": \"aGVsbG8gd29ybGQ=\"}", &res),
                   &res, "not a readable WAV");
}

static void stream_audio_is_bytes_over_two_over_rate(void **state)
{
    (void)state;
    static char pcm[4410];
    ltb_http_reply r = {200, pcm, sizeof pcm};
    ltb_result res = fresh_result();
    assert_int_equal(ltb_http_parse_stream(&r, RATE, &res), 0);
    assert_float_equal(res.audio_seconds, 0.1, 1e-12);
    assert_int_equal(res.sample_rate, RATE);
    assert_int_equal(res.response_bytes, sizeof pcm);
    r.len = 4409;
    expect_failure(ltb_http_parse_stream(&r, RATE, &res), &res, "not whole PCM16 samples");
    r.len = 0;
    expect_failure(ltb_http_parse_stream(&r, RATE, &res), &res, "empty");
}

/* ---- request bodies ---------------------------------------------------------------- */

static void image_bodies_carry_the_encoded_file_in_base64(void **state)
{
    (void)state;
    const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 'x'};
    const unsigned char *images[] = {jpeg, jpeg};
    const size_t lens[] = {sizeof jpeg, sizeof jpeg};
    char *body = ltb_http_body_image(LTB_HTTP_API_PYTHON, "resnet18", 5, images, lens, 1);
    cJSON *root = cJSON_Parse(body);
    assert_string_equal(cJSON_GetObjectItem(root, "model_name")->valuestring, "resnet18");
    assert_string_equal(cJSON_GetObjectItem(root, "inputs")->valuestring, "/9j/4Hg=");
    cJSON *meta = cJSON_GetObjectItem(root, "metadata");
    assert_string_equal(cJSON_GetObjectItem(meta, "input_type")->valuestring, "image");
    assert_string_equal(cJSON_GetObjectItem(meta, "format")->valuestring, "base64");
    assert_int_equal(cJSON_GetObjectItem(meta, "top_k")->valueint, 5);
    cJSON_Delete(root);
    free(body);
    body = ltb_http_body_image(LTB_HTTP_API_RUST, "resnet18", 3, images, lens, 2);
    root = cJSON_Parse(body);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "images")), 2);
    assert_int_equal(cJSON_GetObjectItem(root, "top_k")->valueint, 3);
    assert_null(cJSON_GetObjectItem(root, "model_name"));
    cJSON_Delete(root);
    free(body);
}

static void tts_bodies_follow_each_api(void **state)
{
    (void)state;
    char *body = ltb_http_body_tts(LTB_HTTP_API_PYTHON, "tts_tiny", "Say \"hi\".", NULL);
    cJSON *root = cJSON_Parse(body);
    assert_string_equal(cJSON_GetObjectItem(root, "inputs")->valuestring, "Say \"hi\".");
    assert_string_equal(cJSON_GetObjectItem(root, "language")->valuestring, "en");
    assert_string_equal(cJSON_GetObjectItem(root, "output_format")->valuestring, "wav");
    assert_float_equal(cJSON_GetObjectItem(root, "speed")->valuedouble, 1.0, 0);
    assert_null(cJSON_GetObjectItem(root, "voice"));
    cJSON_Delete(root);
    free(body);
    body = ltb_http_body_tts(LTB_HTTP_API_RUST, "tts_tiny", "hello", "alto");
    root = cJSON_Parse(body);
    assert_string_equal(cJSON_GetObjectItem(root, "text")->valuestring, "hello");
    assert_string_equal(cJSON_GetObjectItem(root, "voice")->valuestring, "alto");
    cJSON_Delete(root);
    free(body);
    assert_string_equal(ltb_http_endpoint(LTB_TASK_TTS, LTB_HTTP_API_RUST, 1), "/tts/stream");
    assert_string_equal(ltb_http_endpoint(LTB_TASK_IMAGE, LTB_HTTP_API_RUST, 0), "/classify/batch");
    assert_null(ltb_http_endpoint(LTB_TASK_TTS, LTB_HTTP_API_PYTHON, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(predict_with_result_predictions_gives_topk_and_server_time),
        cmocka_unit_test(predict_with_result_as_a_list_works_too),
        cmocka_unit_test(topk_is_cut_to_what_was_asked),
        cmocka_unit_test(predict_result_that_is_not_a_classification_is_a_success),
        cmocka_unit_test(predict_body_of_a_batch_is_a_list),
        cmocka_unit_test(success_false_fails_even_with_http_200),
        cmocka_unit_test(non_2xx_fails_with_the_servers_message),
        cmocka_unit_test(malformed_json_fails),
        cmocka_unit_test(missing_fields_fail_with_the_field_named),
        cmocka_unit_test(classify_batch_gives_the_first_images_topk),
        cmocka_unit_test(synthesize_duration_comes_from_the_wav),
        cmocka_unit_test(rust_tts_synthesize_reads_audio_base64),
        cmocka_unit_test(duration_mismatch_fails),
        cmocka_unit_test(invalid_base64_and_undecodable_wav_fail),
        cmocka_unit_test(stream_audio_is_bytes_over_two_over_rate),
        cmocka_unit_test(image_bodies_carry_the_encoded_file_in_base64),
        cmocka_unit_test(tts_bodies_follow_each_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
