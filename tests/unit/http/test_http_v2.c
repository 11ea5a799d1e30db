/* test_http_v2.c — the Open Inference Protocol client's pure parts as a
 * specification: request bodies (JSON data round-trips every value; the binary
 * extension's header length and raw bytes), the metadata answer, infer answers
 * (flat and nested JSON data, binary outputs after the header, the output picked
 * by name, top-k from logits) and their faults (status errors, missing outputs,
 * short data, binary sizes past the end, shapes that lie). */
#include "testutil.h"
#include "http_v2.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ltb_result fresh(void)
{
    ltb_result res;
    memset(&res, 0, sizeof res);
    return res;
}

static void expect_error(int rc, const char *error, const char *needle)
{
    assert_int_equal(rc, -1);
    if (!strstr(error, needle))
        fail_msg("error '%s' does not say '%s'", error, needle);
}

static void json_request_carries_every_value(void **state)
{
    (void)state;
    float px[6] = {0.5f, -1.25f, 3.0e-8f, 1.0f / 3.0f, 100.0f, -0.0f};
    ltb_v2_tensor in = {.name = "input", .datatype = LTB_V2_FP32, .shape = {1, 3, 2, 1},
                        .ndim = 4, .data = px, .bytes = sizeof px};
    const char *out = "logits";
    size_t len = 0, header = 99;
    char err[256];
    char *body = ltb_v2_request(&in, 1, &out, 1, 0, &len, &header, err, sizeof err);
    assert_non_null(body);
    assert_int_equal(header, 0);
    assert_int_equal(len, strlen(body));
    cJSON *root = cJSON_Parse(body);
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "inputs"), 0);
    assert_string_equal(cJSON_GetObjectItem(t, "name")->valuestring, "input");
    assert_string_equal(cJSON_GetObjectItem(t, "datatype")->valuestring, "FP32");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "shape")), 4);
    const cJSON *data = cJSON_GetObjectItem(t, "data");
    assert_int_equal(cJSON_GetArraySize(data), 6);
    for (int i = 0; i < 6; i++)   /* %.9g: every float comes back exactly */
        assert_true((float)cJSON_GetArrayItem(data, i)->valuedouble == px[i]);
    const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "outputs"), 0);
    assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, "logits");
    cJSON_Delete(root);
    free(body);
}

static void binary_request_is_header_then_raw_bytes(void **state)
{
    (void)state;
    int64_t ids[3] = {7, -2, 1LL << 40};
    ltb_v2_tensor in = {.name = "ids", .datatype = LTB_V2_INT64, .shape = {1, 3}, .ndim = 2,
                        .data = ids, .bytes = sizeof ids};
    size_t len = 0, header = 0;
    char err[256];
    char *body = ltb_v2_request(&in, 1, NULL, 0, 1, &len, &header, err, sizeof err);
    assert_non_null(body);
    assert_int_equal(len, header + sizeof ids);
    assert_memory_equal(body + header, ids, sizeof ids);
    cJSON *root = cJSON_ParseWithLength(body, header);
    assert_non_null(root);
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "inputs"), 0);
    const cJSON *size = cJSON_GetObjectItem(cJSON_GetObjectItem(t, "parameters"), "binary_data_size");
    assert_int_equal((int)size->valuedouble, (int)sizeof ids);
    assert_null(cJSON_GetObjectItem(t, "data"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "parameters"),
                                                 "binary_data_output")));
    cJSON_Delete(root);
    free(body);
}

static void request_with_wrong_byte_count_is_refused(void **state)
{
    (void)state;
    float px[4] = {0};
    ltb_v2_tensor in = {.name = "x", .datatype = LTB_V2_FP32, .shape = {1, 5}, .ndim = 2,
                        .data = px, .bytes = sizeof px};
    size_t len, header;
    char err[256];
    assert_null(ltb_v2_request(&in, 1, NULL, 0, 0, &len, &header, err, sizeof err));
    assert_non_null(strstr(err, "16 bytes of data for 5 FP32 elements"));
    in.shape[1] = -1;
    assert_null(ltb_v2_request(&in, 1, NULL, 0, 0, &len, &header, err, sizeof err));
    assert_non_null(strstr(err, "dimension 1 is -1"));
    in.datatype = LTB_V2_BYTES;
    assert_null(ltb_v2_request(&in, 1, NULL, 0, 0, &len, &header, err, sizeof err));
    assert_non_null(strstr(err, "BYTES"));
}

static void metadata_names_inputs_and_outputs(void **state)
{
    (void)state;
    const char *body = "{\"name\":\"resnet18\",\"versions\":[\"1\"],\"platform\":\"x\","
                       "\"inputs\":[{\"name\":\"input__0\",\"datatype\":\"FP32\",\"shape\":[-1,3,224,224]}],"
                       "\"outputs\":[{\"name\":\"output__0\",\"datatype\":\"FP16\",\"shape\":[-1,1000]}]}";
    ltb_v2_metadata md;
    char err[256];
    assert_int_equal(ltb_v2_parse_metadata(body, strlen(body), &md, err, sizeof err), 0);
    assert_string_equal(md.name, "resnet18");
    assert_int_equal(md.n_inputs, 1);
    assert_string_equal(md.inputs[0].name, "input__0");
    assert_int_equal(md.inputs[0].datatype, LTB_V2_FP32);
    assert_int_equal(md.inputs[0].ndim, 4);
    assert_int_equal(md.inputs[0].shape[0], -1);
    assert_int_equal(md.inputs[0].shape[3], 224);
    assert_int_equal(md.n_outputs, 1);
    assert_int_equal(md.outputs[0].datatype, LTB_V2_FP16);
}

static void metadata_faults_name_the_field(void **state)
{
    (void)state;
    ltb_v2_metadata md;
    char err[256];
    static const struct { const char *body, *needle; } kCases[] = {
        {"[1,2]", "not a JSON object"},
        {"{\"outputs\":[]}", "no 'inputs' list"},
        {"{\"inputs\":[],\"outputs\":[]}", "lists no inputs"},
        {"{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1]}],\"outputs\":[]}", "inputs[0] has no 'name'"},
        {"{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP33\",\"shape\":[1]}],\"outputs\":[]}", "'datatype'"},
        {"{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1.5]}],\"outputs\":[]}", "shape"},
        {"{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1,1,1,1,1,1,1,1,1]}],\"outputs\":[]}", "at most 8"},
        {"{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1]}]}", "no 'outputs' list"},
    };
    for (size_t i = 0; i < sizeof kCases / sizeof *kCases; i++)
        expect_error(ltb_v2_parse_metadata(kCases[i].body, strlen(kCases[i].body), &md, err, sizeof err),
                     err, kCases[i].needle);
}

static int parse_image(long status, const char *body, size_t len, size_t header, const char *want,
                       int batch, ltb_result *res)
{
    ltb_http_reply r = {status, body, len};
    *res = fresh();
    return ltb_v2_parse_image(&r, header, want, batch, 5, res);
}

static void json_answer_gives_topk_of_the_first_row(void **state)
{
    (void)state;
    const char *body = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"aux\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[9]},"
                       "{\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[2,4],"
                       "\"data\":[[0.1,2.5,-1,0.7],[9,9,9,9]]}]}";
    ltb_result res;
    assert_int_equal(parse_image(200, body, strlen(body), 0, "output", 2, &res), 0);
    assert_int_equal(res.topk_n, 4);
    assert_int_equal(res.topk_ids[0], 1);
    assert_int_equal(res.topk_ids[1], 3);
    assert_int_equal(res.topk_ids[3], 2);
    assert_true(res.topk_scores[0] == 2.5f);
    assert_int_equal(res.response_bytes, strlen(body));
    /* without a name: the first output */
    assert_int_equal(parse_image(200, body, strlen(body), 0, NULL, 1, &res), 0);
    assert_int_equal(res.topk_ids[0], 0);
    expect_error(parse_image(200, body, strlen(body), 0, "output", 3, &res), res.error,
                 "2 rows for a batch of 3");
    expect_error(parse_image(200, body, strlen(body), 0, "probs", 2, &res), res.error, "no outputs 'probs'");
}

static void binary_answer_reads_the_bytes_after_the_header(void **state)
{
    (void)state;
    char head[256];
    int n = snprintf(head, sizeof head,
                     "{\"outputs\":[{\"name\":\"a\",\"datatype\":\"INT32\",\"shape\":[2],"
                     "\"parameters\":{\"binary_data_size\":8}},{\"name\":\"output\",\"datatype\":\"FP32\","
                     "\"shape\":[1,3],\"parameters\":{\"binary_data_size\":12}}]}");
    int32_t a[2] = {5, 6};
    float logits[3] = {0.25f, -4.0f, 7.5f};
    char body[512];
    memcpy(body, head, (size_t)n);
    memcpy(body + n, a, sizeof a);
    memcpy(body + n + sizeof a, logits, sizeof logits);
    size_t len = (size_t)n + sizeof a + sizeof logits;
    ltb_result res;
    assert_int_equal(parse_image(200, body, len, (size_t)n, "output", 1, &res), 0);
    assert_int_equal(res.topk_n, 3);
    assert_int_equal(res.topk_ids[0], 2);
    assert_int_equal(res.topk_ids[1], 0);
    assert_true(res.topk_scores[2] == -4.0f);
    ltb_v2_values v;
    assert_int_equal(ltb_v2_parse_output(&(ltb_http_reply){200, body, len}, (size_t)n, "a", &v, &res), 0);
    assert_int_equal(v.n, 2);
    assert_true(v.values[1] == 6.0);
    ltb_v2_values_free(&v);
    /* cut short: the binary sizes run past the end */
    expect_error(parse_image(200, body, len - 1, (size_t)n, "output", 1, &res), res.error, "past the body's end");
    /* binary sizes without the header length */
    expect_error(parse_image(200, head, (size_t)n, 0, "output", 1, &res), res.error,
                 "without Inference-Header-Content-Length");
    /* a header length past the body */
    expect_error(parse_image(200, body, len, len + 1, "output", 1, &res), res.error, "past the body");
}

static void half_and_bfloat_outputs_are_decoded(void **state)
{
    (void)state;
    char head[200];
    int n = snprintf(head, sizeof head, "{\"outputs\":[{\"name\":\"h\",\"datatype\":\"FP16\",\"shape\":[3],"
                     "\"parameters\":{\"binary_data_size\":6}}]}");
    uint16_t half[3] = {0x3C00, 0xC000, 0x3555};   /* 1, -2, 0.333 */
    char body[256];
    memcpy(body, head, (size_t)n);
    memcpy(body + n, half, sizeof half);
    ltb_v2_values v;
    ltb_result res = fresh();
    assert_int_equal(ltb_v2_parse_output(&(ltb_http_reply){200, body, (size_t)n + 6}, (size_t)n, NULL, &v, &res), 0);
    assert_true(v.values[0] == 1.0 && v.values[1] == -2.0);
    assert_true(v.values[2] > 0.333 && v.values[2] < 0.3334);
    ltb_v2_values_free(&v);
}

static void answer_faults_fail_the_request_with_words(void **state)
{
    (void)state;
    ltb_result res;
    static const struct { long status; const char *body, *needle; } kCases[] = {
        {400, "{\"error\":\"unknown input 'x'\"}", "HTTP 400: unknown input 'x'"},
        {500, "", "HTTP 500"},
        {200, "{not json", "not a JSON object"},
        {200, "{\"model_name\":\"m\"}", "no 'outputs' list"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1,2]}]}", "3 numbers"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2,3]}]}", "2 numbers"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,\"a\"]}]}", "2 numbers"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[1,2]}]}", "no 'data' list"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"x\"]}]}", "BYTES"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[-1,2],\"data\":[1,2]}]}", "negative"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[100000000000,100000000000],\"data\":[]}]}", "over"},
        {200, "{\"outputs\":[{\"name\":\"o\",\"datatype\":\"FP32\",\"shape\":[1,1,2],\"data\":[1,2]}]}", "3 dimensions"},
    };
    for (size_t i = 0; i < sizeof kCases / sizeof *kCases; i++)
        expect_error(parse_image(kCases[i].status, kCases[i].body, strlen(kCases[i].body), 0, NULL, 1, &res),
                     res.error, kCases[i].needle);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_request_carries_every_value),
        cmocka_unit_test(binary_request_is_header_then_raw_bytes),
        cmocka_unit_test(request_with_wrong_byte_count_is_refused),
        cmocka_unit_test(metadata_names_inputs_and_outputs),
        cmocka_unit_test(metadata_faults_name_the_field),
        cmocka_unit_test(json_answer_gives_topk_of_the_first_row),
        cmocka_unit_test(binary_answer_reads_the_bytes_after_the_header),
        cmocka_unit_test(half_and_bfloat_outputs_are_decoded),
        cmocka_unit_test(answer_faults_fail_the_request_with_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
