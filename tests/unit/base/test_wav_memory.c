/* test_wav_memory.c — WAV in memory: encoding writes a RIFF mono PCM16 file of the
 * right size, decoding gives back the samples within PCM16 rounding (clipped past
 * +-1), stereo is averaged to mono, and bytes that are not a WAV, or a WAV cut
 * short, are errors rather than crashes. */
#include "testutil.h"
#include "wav_memory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RATE 22050

static void round_trip_within_pcm16_rounding(void **state)
{
    (void)state;
    size_t n = 5000;
    float *x = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++)
        x[i] = 0.9f * sinf((float)i * 0.05f);
    x[10] = 1.5f;                         /* clipped */
    x[11] = -3.0f;
    unsigned char *wav;
    size_t len;
    char err[256];
    assert_int_equal(ltb_wav_encode_memory(x, n, RATE, &wav, &len, err, sizeof err), 0);
    assert_int_equal(len, 44 + 2 * n);    /* canonical header + PCM16 data */
    assert_memory_equal(wav, "RIFF", 4);
    assert_memory_equal(wav + 8, "WAVE", 4);

    float *y;
    size_t m;
    int rate;
    assert_int_equal(ltb_wav_decode_memory(wav, len, &y, &m, &rate, err, sizeof err), 0);
    assert_int_equal(m, n);
    assert_int_equal(rate, RATE);
    for (size_t i = 0; i < n; i++) {
        float want = x[i] > 1 ? 1 : x[i] < -1 ? -1 : x[i];
        if (fabsf(y[i] - want) > 1e-4f)
            fail_msg("sample %zu: %f became %f", i, (double)x[i], (double)y[i]);
    }
    free(y);
    free(wav);
    free(x);
}

static void empty_audio_round_trips(void **state)
{
    (void)state;
    unsigned char *wav;
    size_t len, m = 7;
    float *y = (float *)&m;
    int rate;
    char err[256];
    assert_int_equal(ltb_wav_encode_memory(NULL, 0, 16000, &wav, &len, err, sizeof err), 0);
    assert_int_equal(ltb_wav_decode_memory(wav, len, &y, &m, &rate, err, sizeof err), 0);
    assert_int_equal(m, 0);
    assert_null(y);
    assert_int_equal(rate, 16000);
    free(wav);
}

/* A 44-byte canonical header for a PCM16 WAV. */
static void put_header(unsigned char *h, int channels, int rate, unsigned data_bytes)
{
    unsigned vals[] = {36 + data_bytes, 16, (unsigned)(rate * channels * 2), data_bytes};
    memcpy(h, "RIFF....WAVEfmt ....", 20);
    memcpy(h + 36, "data", 4);
    for (int b = 0; b < 4; b++) {
        h[4 + b] = (unsigned char)(vals[0] >> (8 * b));
        h[16 + b] = (unsigned char)(vals[1] >> (8 * b));
        h[24 + b] = (unsigned char)((unsigned)rate >> (8 * b));
        h[28 + b] = (unsigned char)(vals[2] >> (8 * b));
        h[40 + b] = (unsigned char)(vals[3] >> (8 * b));
    }
    h[20] = 1, h[21] = 0;                                  /* PCM */
    h[22] = (unsigned char)channels, h[23] = 0;
    h[32] = (unsigned char)(2 * channels), h[33] = 0;      /* block align */
    h[34] = 16, h[35] = 0;                                 /* bits */
}

static void stereo_is_averaged_to_mono(void **state)
{
    (void)state;
    unsigned char buf[44 + 8];
    put_header(buf, 2, 8000, 8);
    short frames[4] = {16384, 0, -8192, -8192};            /* (0.5, 0), (-0.25, -0.25) */
    for (int i = 0; i < 4; i++) {
        buf[44 + 2 * i] = (unsigned char)(frames[i] & 0xFF);
        buf[45 + 2 * i] = (unsigned char)((unsigned short)frames[i] >> 8);
    }
    float *y;
    size_t m;
    int rate;
    char err[256];
    assert_int_equal(ltb_wav_decode_memory(buf, sizeof buf, &y, &m, &rate, err, sizeof err), 0);
    assert_int_equal(m, 2);
    assert_int_equal(rate, 8000);
    assert_true(fabsf(y[0] - 0.25f) < 1e-6f && fabsf(y[1] + 0.25f) < 1e-6f);
    free(y);
}

static void garbage_is_an_error(void **state)
{
    (void)state;
    const char *text = "this is not a WAV file at all, just some words";
    float *y;
    size_t m;
    int rate;
    char err[256] = "";
    assert_int_equal(ltb_wav_decode_memory((const unsigned char *)text, strlen(text), &y, &m,
                                           &rate, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_int_equal(ltb_wav_decode_memory((const unsigned char *)"", 0, &y, &m, &rate, err,
                                           sizeof err), -1);
}

static void truncated_wav_gives_what_is_there_or_an_error(void **state)
{
    (void)state;
    float x[1000] = {0};
    unsigned char *wav;
    size_t len;
    char err[256];
    assert_int_equal(ltb_wav_encode_memory(x, 1000, RATE, &wav, &len, err, sizeof err), 0);
    for (size_t cut = 0; cut < len; cut += 37) {
        float *y = NULL;
        size_t m = 0;
        int rate;
        if (ltb_wav_decode_memory(wav, cut, &y, &m, &rate, err, sizeof err) == 0)
            assert_true(m <= (cut > 44 ? (cut - 44) / 2 : 0));   /* never invents samples */
        free(y);
    }
    free(wav);
}

/* The little-endian 32-bit size of wav's "data" chunk set to size. */
static void set_data_size(unsigned char *wav, size_t len, uint32_t size)
{
    for (size_t i = 12; i + 8 <= len; i++)
        if (!memcmp(wav + i, "data", 4)) {
            for (int b = 0; b < 4; b++)
                wav[i + 4 + (size_t)b] = (unsigned char)(size >> (8 * b));
            return;
        }
    fail_msg("no data chunk");
}

static void a_header_that_claims_more_audio_than_there_is_fails(void **state)
{
    (void)state;
    float x[100] = {0};
    unsigned char *wav;
    size_t len;
    char err[256] = "";
    assert_int_equal(ltb_wav_encode_memory(x, 100, RATE, &wav, &len, err, sizeof err), 0);
    float *y = NULL;
    size_t m = 0;
    int rate;
    set_data_size(wav, len, 441000);                    /* "10 s" over 200 bytes */
    assert_int_equal(ltb_wav_decode_memory(wav, len, &y, &m, &rate, err, sizeof err), -1);
    assert_non_null(strstr(err, "says its audio is 441000 bytes, but 200 follow"));
    set_data_size(wav, len, 0xFFFFFFFFu);               /* a streaming placeholder: fine */
    assert_int_equal(ltb_wav_decode_memory(wav, len, &y, &m, &rate, err, sizeof err), 0);
    assert_int_equal(m, 100);
    free(y);
    y = NULL;
    set_data_size(wav, len, 20);                        /* less than there is: what it says */
    assert_int_equal(ltb_wav_decode_memory(wav, len, &y, &m, &rate, err, sizeof err), 0);
    assert_int_equal(m, 10);
    free(y);
    free(wav);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_within_pcm16_rounding),
        cmocka_unit_test(empty_audio_round_trips),
        cmocka_unit_test(stereo_is_averaged_to_mono),
        cmocka_unit_test(garbage_is_an_error),
        cmocka_unit_test(truncated_wav_gives_what_is_there_or_an_error),
        cmocka_unit_test(a_header_that_claims_more_audio_than_there_is_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
