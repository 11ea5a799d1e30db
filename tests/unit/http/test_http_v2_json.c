/* test_http_v2_json.c — the fast V2 JSON reader as a specification: on generated
 * request bodies (random floats printed with %.9g, %.17g and exponents, negative
 * zero, integers, booleans, flat and nested data, any whitespace, several inputs)
 * it gives the tensor the cJSON path gives (cJSON tree, ltb_v2_tensor_of, the
 * cast), bit for bit, in FP32, FP64 and INT32; the cJSON tree it hands on keeps
 * everything but the numbers; cases it leaves to the tree (an escaped key, a list of
 * strings, a 17th input) still read right; and each fault is refused with its own
 * one-line error: a truncated body, a wrong count, a string in the data, a depth
 * bomb, a huge exponent, NaN text, bytes after the body, a BYTES tensor. */
#include "testutil.h"
#include "http_v2.h"
#include "http_v2_json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t g_state = 0x2545F4914F6CDD1Dull;

static uint64_t next_random(void)
{
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return g_state;
}

/* A growing text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char piece[128];
    int n = vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && n < (int)sizeof piece);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, piece, (size_t)n + 1);
    t->len += (size_t)n;
}

static const char *space(void)
{
    static const char *const kSpaces[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
    return kSpaces[next_random() % 7];
}

/* One element's text: numbers every way a client prints them. */
static void add_value(text *t, int integers)
{
    uint64_t r = next_random();
    double v = ((double)(r % 4000001) - 2000000.0) / 1000000.0;
    switch (integers ? 7 : (int)(r >> 40) % 9) {
    case 0: add(t, "%.9g", (double)(float)v); break;
    case 1: add(t, "%.17g", v); break;
    case 2: add(t, "%.6e", v * 1e-30); break;
    case 3: add(t, "%.8E", v * 1e25); break;
    case 4: add(t, "-0"); break;
    case 5: add(t, "-0.0e-7"); break;
    case 6: add(t, (r >> 20) & 1 ? "true" : "false"); break;
    case 7: add(t, "%lld", (long long)(r % 200001) - 100000); break;
    default: add(t, "%.3f", v * 1000.0); break;
    }
}

/* data for shape [a, b, c], flat or nested, with whitespace anywhere. */
static void add_data(text *t, int a, int b, int c, int nested, int integers)
{
    add(t, "[%s", space());
    for (int i = 0; i < a; i++) {
        add(t, "%s%s%s", i ? "," : "", space(), nested ? "[" : "");
        for (int j = 0; j < b; j++) {
            add(t, "%s%s%s", j ? "," : "", space(), nested > 1 ? "[" : "");
            for (int k = 0; k < c; k++) {
                add(t, "%s%s", k ? "," : "", space());
                add_value(t, integers);
                add(t, "%s", space());
            }
            add(t, "%s%s", nested > 1 ? "]" : "", space());
        }
        add(t, "%s%s", nested ? "]" : "", space());
    }
    add(t, "]");
}

/* The cJSON path's tensor want, cast to dt; -1 when it refuses. */
static int reference(const char *body, size_t len, const char *want, ltb_v2_datatype dt,
                     ltb_v2_values *v, void **values)
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    char err[256];
    int rc = ltb_v2_tensor_of(root, body, len, 0, "inputs", want, v, err, sizeof err);
    cJSON_Delete(root);
    if (rc != 0)
        return -1;
    *values = malloc((v->n ? v->n : 1) * 8);
    for (size_t i = 0; i < v->n; i++) {
        double x = v->values[i];
        if (dt == LTB_V2_FP32)
            ((float *)*values)[i] = (float)x;
        else if (dt == LTB_V2_FP64)
            ((double *)*values)[i] = x;
        else
            ((int32_t *)*values)[i] = (int32_t)x;
    }
    return 0;
}

static void expect_same_as_cjson(const char *body, size_t len, const char *want,
                                 ltb_v2_datatype dt)
{
    ltb_v2_json_body b;
    char err[512];
    if (ltb_v2_json_parse(body, len, "inputs", &b, err, sizeof err) != 0 ||
        ltb_v2_json_check(&b, err, sizeof err) != 0)
        fail_msg("refused: %s\n%.300s", err, body);
    ltb_v2_json_tensor t;
    if (ltb_v2_json_tensor_of(&b, want, dt, &t, err, sizeof err) != 0)
        fail_msg("tensor refused: %s\n%.300s", err, body);
    ltb_v2_values v;
    void *ref = NULL;
    assert_int_equal(reference(body, len, want, dt, &v, &ref), 0);
    assert_string_equal(t.name, v.name);
    assert_int_equal(t.ndim, v.ndim);
    assert_memory_equal(t.shape, v.shape, sizeof t.shape);
    assert_int_equal(t.n, v.n);
    size_t size = ltb_v2_datatype_size(dt);
    for (size_t i = 0; i < t.n; i++)
        if (memcmp((char *)t.values + i * size, (char *)ref + i * size, size))
            fail_msg("element %zu differs from cJSON + strtod's", i);
    /* the tree keeps the rest of the body */
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(b.root, "id");
    assert_true(cJSON_IsString(id) && !strcmp(id->valuestring, "req-1"));
    ltb_v2_json_tensor_free(&t);
    ltb_v2_values_free(&v);
    free(ref);
    ltb_v2_json_free(&b);
}

static void generated_bodies_read_as_cjson_reads_them(void **state)
{
    (void)state;
    static const ltb_v2_datatype kTypes[3] = {LTB_V2_FP32, LTB_V2_FP64, LTB_V2_INT32};
    for (int round = 0; round < 300; round++) {
        int a = 1 + (int)(next_random() % 3), bdim = 1 + (int)(next_random() % 4),
            c = 1 + (int)(next_random() % 50), nested = (int)(next_random() % 3);
        ltb_v2_datatype dt = kTypes[round % 3];
        int integers = dt == LTB_V2_INT32;
        text t = {0};
        add(&t, "%s{%s\"id\"%s:%s\"req-1\",%s\"inputs\"%s:%s[", space(), space(), space(),
            space(), space(), space(), space());
        int n_inputs = 1 + (int)(next_random() % 3);
        for (int i = 0; i < n_inputs; i++) {
            add(&t, "%s{\"name\":%s\"in%d\",\"shape\":[%d,%d,%d],%s\"datatype\":\"%s\",%s\"data\":%s",
                i ? "," : "", space(), i, a, bdim, c, space(), ltb_v2_datatype_name(dt),
                space(), space());
            add_data(&t, a, bdim, c, nested, integers);
            add(&t, "%s,\"parameters\":{\"x\":[1,2]}}", space());
        }
        add(&t, "],%s\"outputs\":[{\"name\":\"output\"}]}%s", space(), space());
        char want[16];
        snprintf(want, sizeof want, "in%d", (int)(next_random() % (unsigned)n_inputs));
        expect_same_as_cjson(t.s, t.len, round % 2 ? want : NULL, dt);
        free(t.s);
    }
}

static void cases_left_to_the_tree_still_read_right(void **state)
{
    (void)state;
    /* an escaped key: cJSON's first "inputs" is the escaped one */
    const char *escaped = "{\"id\":\"req-1\",\"\\u0069nputs\":[{\"name\":\"a\",\"shape\":[2],"
                          "\"datatype\":\"FP32\",\"data\":[1.5,2]}],\"inputs\":[{\"name\":\"b\","
                          "\"shape\":[1],\"datatype\":\"FP32\",\"data\":[9]}]}";
    expect_same_as_cjson(escaped, strlen(escaped), NULL, LTB_V2_FP32);
    /* a first input whose data are strings; the second one asked for by name */
    const char *strings = "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"s\",\"shape\":[1],\"datatype\":"
                          "\"FP32\",\"data\":[\"x\"]},{\"name\":\"n\",\"shape\":[2],\"datatype\":"
                          "\"FP32\",\"data\":[0.1,-0.0]}]}";
    expect_same_as_cjson(strings, strlen(strings), "n", LTB_V2_FP32);
    /* the 17th input (past the scan's 16) */
    text t = {0};
    add(&t, "{\"id\":\"req-1\",\"inputs\":[");
    for (int i = 0; i < 17; i++)
        add(&t, "%s{\"name\":\"in%d\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[%d.25,1e-300]}",
            i ? "," : "", i, i);
    add(&t, "]}");
    expect_same_as_cjson(t.s, t.len, "in16", LTB_V2_FP64);
    free(t.s);
}

/* body must be refused, by the scan or by the tensor read, saying needle. */
static void expect_refused(const char *body, ltb_v2_datatype dt, const char *needle)
{
    ltb_v2_json_body b;
    char err[512];
    int rc = ltb_v2_json_parse(body, strlen(body), "inputs", &b, err, sizeof err);
    if (rc == 0) {
        ltb_v2_json_tensor t;
        rc = ltb_v2_json_tensor_of(&b, NULL, dt, &t, err, sizeof err);
        if (rc == 0) {
            ltb_v2_json_tensor_free(&t);
            rc = ltb_v2_json_check(&b, err, sizeof err);
        }
        ltb_v2_json_free(&b);
    }
    if (rc == 0)
        fail_msg("accepted: %s", body);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not say '%s'", err, needle);
    assert_null(strchr(err, '\n'));
}

#define HEAD "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":"

static void faults_are_refused_each_with_its_error(void **state)
{
    (void)state;
    expect_refused(HEAD "[1,2,3", LTB_V2_FP32, "at byte");                  /* truncated */
    expect_refused(HEAD "[1,2,3]}]", LTB_V2_FP32, "expected ',' or '}' at byte");
    expect_refused("{\"inputs\":[{\"name\":\"inp", LTB_V2_FP32, "unterminated string");
    expect_refused(" \n", LTB_V2_FP32, "request body is empty");
    expect_refused(HEAD "[1,2,3,4,5,6,7]}]}", LTB_V2_FP32,
                   "inputs[0].data: expected 3 numbers, got 7");
    expect_refused(HEAD "[[1],[2]]}]}", LTB_V2_FP32, "inputs[0].data: expected 3 numbers, got 2");
    expect_refused(HEAD "[1,\"x\",3]}]}", LTB_V2_FP32, "inputs[0].data[1]: not a number");
    expect_refused(HEAD "[1,2,null]}]}", LTB_V2_FP32, "inputs[0].data[2]: not a number");
    expect_refused(HEAD "[1,2,[[[[[[[[[3]]]]]]]]]]}]}", LTB_V2_FP32,
                   "inputs[0].data: lists nested over 8 deep");
    text bomb = {0};
    add(&bomb, "{\"inputs\":");
    for (int i = 0; i < 100000 / 64; i++)
        add(&bomb, "%s", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    expect_refused(bomb.s, LTB_V2_FP32, "nested over 64 deep at byte");
    free(bomb.s);
    expect_refused(HEAD "[1,2,1e999]}]}", LTB_V2_FP32, "inputs[0].data[2]: 1e999 is out of FP32's range");
    expect_refused(HEAD "[1,2,-1e39]}]}", LTB_V2_FP32, "inputs[0].data[2]: -1e39 is out of FP32's range");
    expect_refused(HEAD "[1,NaN,3]}]}", LTB_V2_FP32, "inputs[0].data[1]: 'NaN' is not a number");
    expect_refused(HEAD "[1,2,-Infinity]}]}", LTB_V2_FP32, "inputs[0].data[2]: '-Infinity' is not a number");
    expect_refused(HEAD "[1,2x,3]}]}", LTB_V2_FP32, "inputs[0].data[1]: '2x' is not a number");
    expect_refused(HEAD "[1,2,3]}]} x", LTB_V2_FP32, "bytes after the JSON value");
    expect_refused(HEAD "[1,2,1e]}]}", LTB_V2_FP32, "inputs[0].data[2]: '1e' is not a number");
    expect_refused(HEAD "[1,2,tru]}]}", LTB_V2_FP32, "inputs[0].data[2]: 'tru' is not a number");
    /* a second input that is not read: its numbers are still checked */
    expect_refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"FP32\","
                   "\"data\":[1]},{\"name\":\"b\",\"shape\":[1],\"datatype\":\"FP32\","
                   "\"data\":[1.2.3]}]}", LTB_V2_FP32, "inputs[1].data[0]: '1.2.3' is not a number");
    expect_refused(HEAD "[1,2,3]}]}{}", LTB_V2_FP32, "bytes after the JSON value");
    expect_refused(HEAD "[1,2.5,3]}]}", LTB_V2_INT32, "inputs[0].data[1]: 2.5 is out of INT32's range");
    expect_refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[1]}]}",
                   LTB_V2_FP32, "is BYTES, not numbers");
    expect_refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"FP32\",\"parameters\":"
                   "{\"binary_data_size\":4},\"data\":[1]}]}", LTB_V2_FP32, "binary_data_size");
    expect_refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[-1],\"datatype\":\"FP32\",\"data\":[1]}]}",
                   LTB_V2_FP32, "negative dimension");
    expect_refused("{\"outputs\":[]}", LTB_V2_FP32, "no 'inputs' list");
    expect_refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}],"
                   "\"x\":\"\\q\"}", LTB_V2_FP32, "request body is not valid JSON");
}

static void underflow_and_lenient_numbers_read_as_cjson_reads_them(void **state)
{
    (void)state;
    const char *body = "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"input\",\"shape\":[6],\"datatype\":"
                       "\"FP64\",\"data\":[1e-999,007,1.,-.5,4.9e-324,123456789012345678901234567890]}]}";
    expect_same_as_cjson(body, strlen(body), NULL, LTB_V2_FP64);
    expect_same_as_cjson(body, strlen(body), NULL, LTB_V2_FP32);
}

static void an_answer_reads_its_outputs(void **state)
{
    (void)state;
    const char *answer = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"output\",\"shape\":[1,2],"
                         "\"datatype\":\"FP32\",\"data\":[0.25,-3]}]}";
    ltb_v2_json_body b;
    char err[256];
    assert_int_equal(ltb_v2_json_parse(answer, strlen(answer), "outputs", &b, err, sizeof err), 0);
    assert_int_equal(b.data[0].kind, LTB_V2_JSON_DATA_NUMBERS);
    ltb_v2_json_tensor t;
    assert_int_equal(ltb_v2_json_tensor_of(&b, "output", LTB_V2_FP32, &t, err, sizeof err), 0);
    assert_int_equal(t.n, 2);
    assert_true(((float *)t.values)[0] == 0.25f && ((float *)t.values)[1] == -3.0f);
    /* the tree has the list blanked: only the scan holds the numbers */
    const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(b.root, "outputs"), 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "data")), 0);
    ltb_v2_json_tensor_free(&t);
    ltb_v2_json_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generated_bodies_read_as_cjson_reads_them),
        cmocka_unit_test(cases_left_to_the_tree_still_read_right),
        cmocka_unit_test(faults_are_refused_each_with_its_error),
        cmocka_unit_test(underflow_and_lenient_numbers_read_as_cjson_reads_them),
        cmocka_unit_test(an_answer_reads_its_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
