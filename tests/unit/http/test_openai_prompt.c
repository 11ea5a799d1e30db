/* test_openai_prompt.c — the text prompt of `ltbench llm --url -p N` as a
 * specification: N words of the source joined by single spaces (any white space
 * between them in the source), repeated from the start when the source is shorter,
 * starting at word `skip`; no word (empty or blank source), N < 1 or over the limit
 * is NULL; or N characters (code points, never half of one), the source repeated
 * after a space. */
#include "testutil.h"
#include "openai_prompt.h"

#include <stdlib.h>
#include <string.h>

static void expect(const char *source, int n, int skip, const char *want)
{
    char *got = ltb_openai_prompt_words(source, n, skip);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void words_are_taken_in_order_and_repeated(void **state)
{
    (void)state;
    expect("The quick brown fox", 2, 0, "The quick");
    expect("The quick brown fox", 4, 0, "The quick brown fox");
    expect("  The\tquick\r\nbrown   fox\n", 6, 0, "The quick brown fox The quick");
    expect("one", 3, 0, "one one one");
    expect("a b c", 2, 1, "b c");
    expect("a b c", 2, 5, "c a");
}

static void no_words_or_bad_counts_are_null(void **state)
{
    (void)state;
    expect("", 3, 0, NULL);
    expect(" \t\n ", 3, 0, NULL);
    expect("a", 0, 0, NULL);
    expect("a", LTB_OPENAI_PROMPT_MAX_WORDS + 1, 0, NULL);
    expect(NULL, 1, 0, NULL);
}

static void a_long_prompt_has_exactly_n_words(void **state)
{
    (void)state;
    char *p = ltb_openai_prompt_words("Alice was beginning to get very tired", 1000, 3);
    assert_non_null(p);
    int words = 1;
    for (const char *c = p; *c; c++)
        words += *c == ' ';
    assert_int_equal(words, 1000);
    assert_int_equal(strncmp(p, "to get very tired Alice", 23), 0);
    free(p);
}

static void chars_are_code_points_repeated_with_a_space(void **state)
{
    (void)state;
    char *p = ltb_openai_prompt_chars("abc", 2);
    assert_string_equal(p, "ab");
    free(p);
    p = ltb_openai_prompt_chars("abc", 9);
    assert_string_equal(p, "abc abc a");
    free(p);
    p = ltb_openai_prompt_chars("\xc3\xa9t\xc3\xa9", 2);     /* "été": never half a character */
    assert_string_equal(p, "\xc3\xa9t");
    free(p);
    assert_null(ltb_openai_prompt_chars("", 3));
    assert_null(ltb_openai_prompt_chars("a", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_taken_in_order_and_repeated),
        cmocka_unit_test(no_words_or_bad_counts_are_null),
        cmocka_unit_test(a_long_prompt_has_exactly_n_words),
        cmocka_unit_test(chars_are_code_points_repeated_with_a_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
