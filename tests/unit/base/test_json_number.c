/* test_json_number.c — one JSON number token as a specification: its value is
 * strtod's, bit for bit, for random doubles and floats printed every way a client
 * prints them (%.9g, %.17g, %e, %f, integers, negative zero, big and tiny
 * exponents, leading zeros), and it accepts exactly the tokens cJSON accepts (cJSON
 * parses "[token]" itself here), with the token's length, stopping at a delimiter. */
#include "testutil.h"
#include "json_number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t g_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void)
{
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return g_state;
}

/* A double from random bits (finite), or a float widened, or a small decimal. */
static double random_double(int kind)
{
    uint64_t bits = next_random();
    double d;
    float f;
    switch (kind % 4) {
    case 0:
        memcpy(&d, &bits, sizeof d);
        return isfinite(d) ? d : 1.5;
    case 1: {
        uint32_t b32 = (uint32_t)bits;
        memcpy(&f, &b32, sizeof f);
        return isfinite(f) ? (double)f : -2.5;
    }
    case 2:   /* a normalised pixel: what an image client sends */
        return ((double)(bits % 2000001) - 1000000.0) / 250000.0;
    default:
        return (double)(int64_t)(bits % 20000001) - 10000000.0;
    }
}

/* token must read as strtod reads it: same value (bits), whole length. */
static void assert_reads_like_strtod(const char *token)
{
    double got = 12345.0;
    size_t n = ltb_json_number_read(token, strlen(token), &got);
    if (n != strlen(token))
        fail_msg("'%s': read %zu of %zu characters", token, n, strlen(token));
    double want = strtod(token, NULL);
    if (memcmp(&got, &want, sizeof got))
        fail_msg("'%s': %.17g, strtod %.17g", token, got, want);
}

static void random_values_read_exactly_as_strtod(void **state)
{
    (void)state;
    static const char *const kFormats[] = {"%.9g", "%.17g", "%.6e", "%.3f", "%.12g", "%g", "%.1e"};
    char token[400];
    for (int i = 0; i < 200000; i++) {
        double v = random_double(i);
        const char *fmt = kFormats[(i / 4) % (sizeof kFormats / sizeof *kFormats)];
        int len = snprintf(token, sizeof token, fmt, v);
        assert_true(len > 0 && len < (int)sizeof token);
        assert_reads_like_strtod(token);
    }
}

static void edge_tokens_read_exactly_as_strtod(void **state)
{
    (void)state;
    static const char *const kTokens[] = {
        "0", "-0", "-0.0", "0e999999", "-0e-5", "1", "-1", "9007199254740992",
        "9007199254740993", "18446744073709551615", "123456789012345678901234567890",
        "1e22", "1e23", "1e-22", "1e-23", "4.9e-324", "2.4703282292062327e-324",
        "1.7976931348623157e308", "1.7976931348623159e308", "1e999", "-1e999", "1e-999",
        "0.1", "0.30000000000000004", "3.4028234663852886e38", "1.17549435e-38",
        "007", "1.", "-.5", "00.25e+1", "1E+05", "2.2250738585072011e-308",
        "0.000000000000000000000000000001", "100000000000000000000000e-10",
        "1.00000000000000000000000000000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof kTokens / sizeof *kTokens; i++)
        assert_reads_like_strtod(kTokens[i]);
}

/* cJSON's verdict on token as a list element. */
static int cjson_accepts(const char *token)
{
    char text[160];
    snprintf(text, sizeof text, "[%s]", token);
    cJSON *j = cJSON_Parse(text);
    int ok = j != NULL && cJSON_GetArraySize(j) == 1 && cJSON_IsNumber(cJSON_GetArrayItem(j, 0));
    cJSON_Delete(j);
    return ok;
}

static void accepts_exactly_what_cjson_accepts(void **state)
{
    (void)state;
    static const char *const kTokens[] = {
        "0", "-0", "007", "1.", "-.5", "1e5", "1E+05", "1e-5", "-", "1e", "1e+", "1.2.3",
        "1e5e5", "--1", "-+1", "1+2", "1-", "0x10", "1.e5", "-.", "-e5", ".5e", "2.5E-3",
        "123456789012345678901234567890123456789012345678901234567890123",
        "1234567890123456789012345678901234567890123456789012345678901234",
        "0.00000000000000000000000000000000000000000000000000000000000001", "1ee5", "1e5.",
        "9.", "-0.", "00", "-00.e-0", ".5", "+1", ".05", "e5"};
    for (size_t i = 0; i < sizeof kTokens / sizeof *kTokens; i++) {
        const char *t = kTokens[i];
        int ours = ltb_json_number_read(t, strlen(t), NULL) == strlen(t);
        if (ours != cjson_accepts(t))
            fail_msg("'%s': ltb_json_number_read %s, cJSON %s", t, ours ? "accepts" : "refuses",
                     ours ? "refuses" : "accepts");
    }
}

static void a_token_stops_at_a_delimiter(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(ltb_json_number_read("12.5,3", 6, &v), 4);
    assert_true(v == 12.5);
    assert_int_equal(ltb_json_number_read("-7]", 3, &v), 2);
    assert_true(v == -7.0);
    assert_int_equal(ltb_json_number_read("1e3 ", 4, &v), 3);
    assert_true(v == 1000.0);
    assert_int_equal(ltb_json_number_read("42", 1, &v), 1);   /* only what is readable */
    assert_true(v == 4.0);
    assert_int_equal(ltb_json_number_read("-0", 2, &v), 2);
    assert_true(v == 0.0 && signbit(v));
    assert_int_equal(ltb_json_number_read("12x", 3, &v), 2);  /* the caller refuses the x */
    assert_int_equal(ltb_json_number_read("", 0, &v), 0);
    assert_int_equal(ltb_json_number_read("NaN", 3, &v), 0);
    assert_int_equal(ltb_json_number_read("-Infinity", 9, &v), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_values_read_exactly_as_strtod),
        cmocka_unit_test(edge_tokens_read_exactly_as_strtod),
        cmocka_unit_test(accepts_exactly_what_cjson_accepts),
        cmocka_unit_test(a_token_stops_at_a_delimiter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
