/* test_http_audio_torchserve.c — the OpenAI speech and TorchServe parsers as a
 * specification: a WAV answer's seconds from its frames, where its audio begins
 * (past a header of any length), a pcm answer at a given rate, OpenAI's error
 * shape in words; TorchServe's {class: probability} into ids (numbers, or names
 * through the labels), its batch list, its errors. */
#include "testutil.h"
#include "http_audio.h"
#include "http_torchserve.h"
#include "wav_memory.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static ltb_result fresh(void)
{
    ltb_result res;
    memset(&res, 0, sizeof res);
    return res;
}

static void expect_error(int rc, const ltb_result *res, const char *needle)
{
    assert_int_equal(rc, -1);
    if (!strstr(res->error, needle))
        fail_msg("error '%s' does not say '%s'", res->error, needle);
}

static void wav_answer_seconds_and_data_offset(void **state)
{
    (void)state;
    float samples[2205];
    for (int i = 0; i < 2205; i++)
        samples[i] = (float)(i % 100) / 200.0f;
    unsigned char *wav = NULL;
    size_t len = 0;
    char err[128];
    assert_int_equal(ltb_wav_encode_memory(samples, 2205, 22050, &wav, &len, err, sizeof err), 0);
    ltb_result res = fresh();
    ltb_http_reply r = {200, (const char *)wav, len};
    assert_int_equal(ltb_http_parse_speech(&r, 0, &res), 0);
    assert_true(res.audio_seconds > 0.0999 && res.audio_seconds < 0.1001);
    assert_int_equal(res.sample_rate, 22050);
    assert_int_equal(res.response_bytes, len);
    size_t off = ltb_wav_data_offset(wav, len);
    assert_true(off >= 44 && off < len);
    assert_memory_equal(wav + off - 8, "data", 4);
    /* not yet there: the header alone, cut before the data chunk's header */
    assert_int_equal(ltb_wav_data_offset(wav, off - 1), 0);
    assert_int_equal(ltb_wav_data_offset((const unsigned char *)"RIFX", 4), 0);
    /* a cut WAV fails */
    r.len = off + 11;
    expect_error(ltb_http_parse_speech(&r, 0, &res), &res, "not a readable WAV");
    free(wav);
}

static void pcm_answer_is_bytes_over_two_over_rate(void **state)
{
    (void)state;
    char pcm[4800] = {0};
    ltb_result res = fresh();
    ltb_http_reply r = {200, pcm, sizeof pcm};
    assert_int_equal(ltb_http_parse_speech(&r, 24000, &res), 0);
    assert_true(res.audio_seconds > 0.0999 && res.audio_seconds < 0.1001);
    r.len = 4799;
    expect_error(ltb_http_parse_speech(&r, 24000, &res), &res, "not whole PCM16 samples");
    r.len = 0;
    expect_error(ltb_http_parse_speech(&r, 24000, &res), &res, "empty");
}

static void openai_errors_in_words(void **state)
{
    (void)state;
    const char *body = "{\"error\": {\"message\": \"Invalid voice 'x'\", \"type\": \"invalid_request_error\"}}";
    ltb_result res = fresh();
    ltb_http_reply r = {400, body, strlen(body)};
    expect_error(ltb_http_parse_speech(&r, 0, &res), &res, "HTTP 400: Invalid voice 'x'");
    r = (ltb_http_reply){422, "{\"detail\": \"input missing\"}", 27};
    expect_error(ltb_http_parse_speech(&r, 0, &res), &res, "HTTP 422: input missing");
}

static void speech_body_has_the_openai_fields(void **state)
{
    (void)state;
    char *body = ltb_http_body_speech("tts_tiny", "Hello \"you\"", NULL, 1);
    cJSON *root = cJSON_Parse(body);
    assert_string_equal(cJSON_GetObjectItem(root, "model")->valuestring, "tts_tiny");
    assert_string_equal(cJSON_GetObjectItem(root, "input")->valuestring, "Hello \"you\"");
    assert_string_equal(cJSON_GetObjectItem(root, "voice")->valuestring, LTB_SPEECH_DEFAULT_VOICE);
    assert_string_equal(cJSON_GetObjectItem(root, "response_format")->valuestring, "pcm");
    assert_true(cJSON_GetObjectItem(root, "speed")->valuedouble == 1.0);
    cJSON_Delete(root);
    free(body);
}

static void torchserve_classes_become_ids(void **state)
{
    (void)state;
    const char *labels[] = {"tench", "goldfish", "great white shark"};
    const char *body = "{\"great white shark\": 0.8, \"tench\": 0.15, \"goldfish\": 0.05}";
    ltb_result res = fresh();
    ltb_http_reply r = {200, body, strlen(body)};
    assert_int_equal(ltb_http_parse_torchserve(&r, labels, 3, 5, &res), 0);
    assert_int_equal(res.topk_n, 3);
    assert_int_equal(res.topk_ids[0], 2);
    assert_int_equal(res.topk_ids[1], 0);
    assert_true(res.topk_scores[0] > 0.79f && res.topk_scores[0] < 0.81f);
    /* numbers as class names; a batch answer's first object; top-k cut */
    const char *batch = "[{\"281\": 0.6, \"282\": 0.3}, {\"1\": 1.0}]";
    r = (ltb_http_reply){200, batch, strlen(batch)};
    res = fresh();
    assert_int_equal(ltb_http_parse_torchserve(&r, NULL, 0, 1, &res), 0);
    assert_int_equal(res.topk_n, 1);
    assert_int_equal(res.topk_ids[0], 281);
}

static void torchserve_faults(void **state)
{
    (void)state;
    ltb_result res = fresh();
    static const struct { long status; const char *body, *needle; } kCases[] = {
        {503, "{\"code\": 503, \"type\": \"ServiceUnavailableException\", \"message\": \"Model not ready\"}",
         "HTTP 503: Model not ready"},
        {200, "{\"zebra\": 0.9}", "'zebra' is not a class id, and no class names were given (--labels FILE)"},
        {200, "{\"1\": \"high\"}", "no numeric probability"},
        {200, "{}", "holds no classes"},
        {200, "[]", "not a {class: probability} object"},
        {200, "0.5", "not a {class: probability} object"},
    };
    for (size_t i = 0; i < sizeof kCases / sizeof *kCases; i++) {
        ltb_http_reply r = {kCases[i].status, kCases[i].body, strlen(kCases[i].body)};
        expect_error(ltb_http_parse_torchserve(&r, NULL, 0, 5, &res), &res, kCases[i].needle);
    }
    /* with class names: one that is not among them */
    const char *labels[] = {"tench", "goldfish"};
    const char *zebra = "{\"tench\": 0.5, \"zebra\": 0.4}";
    ltb_http_reply r = {200, zebra, strlen(zebra)};
    expect_error(ltb_http_parse_torchserve(&r, labels, 2, 5, &res), &res,
                 "'zebra' is not a class id nor in the labels");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wav_answer_seconds_and_data_offset),
        cmocka_unit_test(pcm_answer_is_bytes_over_two_over_rate),
        cmocka_unit_test(openai_errors_in_words),
        cmocka_unit_test(speech_body_has_the_openai_fields),
        cmocka_unit_test(torchserve_classes_become_ids),
        cmocka_unit_test(torchserve_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
