/* test_base64.c — RFC 4648 base64: the RFC's test vectors, round trips of every
 * length 0..10 and of all byte values, whitespace and missing padding accepted,
 * characters outside the alphabet and truncated groups refused. */
#include "testutil.h"
#include "base64.h"

#include <stdlib.h>
#include <string.h>

static char *encode(const void *in, size_t n)
{
    char *out = malloc(ltb_base64_encoded_len(n) + 1);
    assert_non_null(out);
    ltb_base64_encode(in, n, out);
    assert_int_equal(strlen(out), ltb_base64_encoded_len(n));
    return out;
}

/* Decodes text (must succeed) and checks it equals want[0..n). */
static void assert_decodes_to(const char *text, const void *want, size_t n)
{
    unsigned char *out = NULL;
    size_t len = 99;
    if (ltb_base64_decode(text, strlen(text), &out, &len) != 0)
        fail_msg("'%s' did not decode", text);
    assert_int_equal(len, n);
    if (n)
        assert_memory_equal(out, want, n);
    free(out);
}

static void rfc4648_vectors(void **state)
{
    (void)state;
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; i++) {
        char *got = encode(plain[i], strlen(plain[i]));
        assert_string_equal(got, coded[i]);
        free(got);
        assert_decodes_to(coded[i], plain[i], strlen(plain[i]));
    }
}

static void round_trips_lengths_0_to_10_and_every_byte(void **state)
{
    (void)state;
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)(255 - i);
    for (size_t n = 0; n <= 10; n++) {
        char *text = encode(bytes + 100, n);
        assert_decodes_to(text, bytes + 100, n);
        free(text);
    }
    char *text = encode(bytes, sizeof bytes);
    assert_decodes_to(text, bytes, sizeof bytes);
    free(text);
}

static void whitespace_and_missing_padding_are_accepted(void **state)
{
    (void)state;
    assert_decodes_to("Zm9v\nYmFy\r\n", "foobar", 6);
    assert_decodes_to(" Zm 9v\tYg== ", "foob", 4);
    assert_decodes_to("Zm9vYg", "foob", 4);
    assert_decodes_to("Zm9vYmE", "fooba", 5);
    assert_decodes_to("  \n", "", 0);
}

static void invalid_input_is_refused(void **state)
{
    (void)state;
    const char *bad[] = {"Zm9v!mFy", "Zm9v\x80", "Zg==Zg==", "Z", "Zm9vY", "Zm9v====", "é"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        unsigned char *out = NULL;
        size_t len = 0;
        if (ltb_base64_decode(bad[i], strlen(bad[i]), &out, &len) == 0)
            fail_msg("'%s' decoded to %zu bytes; expected a refusal", bad[i], len);
        assert_null(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc4648_vectors),
        cmocka_unit_test(round_trips_lengths_0_to_10_and_every_byte),
        cmocka_unit_test(whitespace_and_missing_padding_are_accepted),
        cmocka_unit_test(invalid_input_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
