/* test_texts.c — the TTS text workload and vocabulary: the seeded generator keeps
 * lengths in range and cuts at word boundaries; the texts file reader handles CRLF,
 * control characters, invalid UTF-8, over-long lines and empty files; characters
 * map to ids through the model's vocabulary with unknowns as <unk>. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "text_stats.h"
#include "texts.h"
#include "tts_vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *corpus_path(void)
{
    return tu_path(tu_env("LTBENCH_ASSETS_DIR"), "texts/corpus.txt");
}

static void generator_respects_lengths_and_word_boundaries(void **state)
{
    (void)state;
    char *path = corpus_path();
    char *corpus = tu_read_file(path);
    ltb_texts t;
    char err[256];
    assert_int_equal(ltb_texts_generate(path, 50, 200, 20, 42, &t, err, sizeof err), 0);
    assert_int_equal(t.n, 20);
    for (int i = 0; i < t.n; i++) {
        size_t bytes = strlen(t.items[i]);
        size_t chars = ltb_utf8_chars(t.items[i], bytes);
        if (chars < 50 || chars > 200)
            fail_msg("text %d has %zu characters: %s", i, chars, t.items[i]);
        assert_true(t.items[i][0] != ' ' && t.items[i][bytes - 1] != ' ');
        /* the last word is whole: followed by a space or line end in the corpus */
        const char *last = strrchr(t.items[i], ' ');
        last = last ? last + 1 : t.items[i];
        char probe[256];
        snprintf(probe, sizeof probe, "%s ", last);
        char probe_nl[256];
        snprintf(probe_nl, sizeof probe_nl, "%s\n", last);
        assert_true(strstr(corpus, probe) || strstr(corpus, probe_nl));
    }
    ltb_texts_free(&t);
    free(corpus);
    free(path);
}

static void generator_is_seeded(void **state)
{
    (void)state;
    char *path = corpus_path();
    ltb_texts a, b, c;
    char err[256];
    assert_int_equal(ltb_texts_generate(path, 50, 200, 5, 7, &a, err, sizeof err), 0);
    assert_int_equal(ltb_texts_generate(path, 50, 200, 5, 7, &b, err, sizeof err), 0);
    assert_int_equal(ltb_texts_generate(path, 50, 200, 5, 8, &c, err, sizeof err), 0);
    int differs = 0;
    for (int i = 0; i < 5; i++) {
        assert_string_equal(a.items[i], b.items[i]);
        differs |= strcmp(a.items[i], c.items[i]) != 0;
    }
    assert_true(differs);
    ltb_texts_free(&c);
    assert_int_equal(ltb_texts_generate(path, 300, 200, 5, 7, &c, err, sizeof err), -1);
    ltb_texts_free(&a);
    ltb_texts_free(&b);
    ltb_texts_free(&c);
    free(path);
}

static void texts_file_lines_are_cleaned(void **state)
{
    (void)state;
    const char data[] = "first line\r\n\n   \n  second\tline with\x01 control  \nlast without newline";
    ltb_texts t;
    char err[256];
    assert_int_equal(ltb_texts_parse(data, sizeof data - 1, "t.txt", &t, err, sizeof err), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.items[0], "first line");
    assert_string_equal(t.items[1], "second line with  control");
    assert_string_equal(t.items[2], "last without newline");
    ltb_texts_free(&t);
}

static void texts_file_errors_name_file_and_line(void **state)
{
    (void)state;
    ltb_texts t;
    char err[256];
    const char bad_utf8[] = "fine\nbad \xC3\x28 byte\n";
    assert_int_equal(ltb_texts_parse(bad_utf8, sizeof bad_utf8 - 1, "u.txt", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "'u.txt' line 2"));
    assert_non_null(strstr(err, "UTF-8"));
    assert_int_equal(ltb_texts_parse("\n\n  \n", 5, "e.txt", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "'e.txt'"));
    assert_int_equal(ltb_texts_parse("", 0, "z.txt", &t, err, sizeof err), -1);
    size_t n = LTB_MAX_TEXT_CHARS + 10;
    char *long_line = malloc(n + 1);
    memset(long_line, 'a', n);
    long_line[n] = '\0';
    assert_int_equal(ltb_texts_parse(long_line, n, "l.txt", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "'l.txt' line 1"));
    assert_true(tu_is_one_line(err));
    free(long_line);
    assert_int_equal(ltb_texts_read("/nonexistent/texts.txt", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/texts.txt"));
}

static void vocabulary_maps_characters_to_ids(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "vocab.txt");
    FILE *f = fopen(path, "w");
    fputs("<pad>\n<unk>\n<space>\na\nb\n\xC3\xA9\n!\n", f);
    fclose(f);
    ltb_vocab v;
    char err[256];
    assert_int_equal(ltb_vocab_load(path, 1, &v, err, sizeof err), 0);
    assert_int_equal(v.size, 7);
    const char text[] = "Ab \xC3\xA9!z\xFF";
    int64_t ids[16];
    size_t n = ltb_vocab_encode(&v, text, sizeof text - 1, ids, 16);
    int64_t want[] = {3, 4, 2, 5, 6, 1, 1};
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ids[i], want[i]);
    ltb_vocab_free(&v);

    f = fopen(path, "w");
    fputs("<pad>\nab\n", f);
    fclose(f);
    assert_int_equal(ltb_vocab_load(path, 1, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2"));
    unlink(path);
    free(path);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generator_respects_lengths_and_word_boundaries),
        cmocka_unit_test(generator_is_seeded),
        cmocka_unit_test(texts_file_lines_are_cleaned),
        cmocka_unit_test(texts_file_errors_name_file_and_line),
        cmocka_unit_test(vocabulary_maps_characters_to_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
