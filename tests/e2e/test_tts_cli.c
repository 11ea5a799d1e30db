/* test_tts_cli.c — `ltbench tts` end to end on the exported tts_tiny model: the
 * seed's exact TTS headers, row counts, the legacy file, ASPS x T_wall = audio,
 * WAV files libsndfile reads at the right length, and streaming: the streamed
 * audio equals the whole-utterance audio within a stated tolerance and the first
 * chunk arrives before the end. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* HiFi-GAN V1's receptive field is about +-13.3 mel frames (models/TTS.md): with 16
 * frames of context on each side of a chunk the streamed audio equals the whole
 * utterance's to float rounding (<= 5e-6); both WAVs are PCM16, whose rounding can
 * differ by one step (1/32768 = 3.1e-5). So: absolute, on [-1, 1] samples: */
#define STREAMING_TOLERANCE 1e-4

static const char *kDetailed =
    "Concurrency_Level,Request_ID,Iteration,Text_Input,Text_Length_Chars,Text_Length_Tokens,"
    "Start_Time_Sec,First_Audio_Time_Sec,End_Time_Sec,Wall_Time_Sec,TTFA_Sec,Audio_Duration_Sec,"
    "RTF,Sample_Rate,Bit_Depth,Success,Error_Message";
static const char *kSummary =
    "Concurrency,ASPS,RTF_Mean,RTF_Median,RPS,CPS,Tokens_Per_Sec,TTFA_p50_ms,TTFA_p95_ms,"
    "TTFA_p99_ms,TTFA_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s,"
    "Total_Audio_Duration_s,Avg_Text_Length_chars,Avg_Audio_Duration_s,Sample_Rate,Bit_Depth";

static void tts_run_writes_seed_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1,2 -n 6 -t 1 --text-variations 4 "
             "-o table,csv,json --output-dir '%s'", dir);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    assert_non_null(strstr(o.out, "ASPS"));
    assert_non_null(strstr(o.out, "Best Performance"));
    tu_assert_csv_header(dir, "tts_tiny_detailed.csv", kDetailed);
    tu_assert_csv_header(dir, "tts_tiny_summary.csv", kSummary);
    tu_assert_csv_header(dir, "tts_tiny.csv", kSummary);
    char *summary = tu_path(dir, "tts_tiny_summary.csv");
    char *legacy = tu_path(dir, "tts_tiny.csv");
    char *detailed = tu_path(dir, "tts_tiny_detailed.csv");
    char *a = tu_read_file(summary), *b = tu_read_file(legacy);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "Summary Statistics"));
    assert_non_null(strstr(a, "Test Configuration"));
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 2);
    assert_int_equal(tu_count_lines_until_blank(detailed), 1 + 12);

    cJSON *j = tu_read_json(dir, "tts_tiny.json");
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, cJSON_GetObjectItemCaseSensitive(j, "levels")) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        assert_float_equal(tu_json_number(m, "asps") * tu_json_number(m, "wall_s"), tu_json_number(m, "total_audio_s"), 1e-6);
        assert_true(tu_json_number(m, "total_audio_s") > 0);
        assert_float_equal(tu_json_number(m, "success_rate_pct"), 100.0, 1e-9);
        /* the model speaks at a realistic 12-16 characters per second of audio */
        double cps_audio = tu_json_number(m, "total_chars") / tu_json_number(m, "total_audio_s");
        assert_true(cps_audio > 8 && cps_audio < 24);
    }
    cJSON_Delete(j);
    free(a);
    free(b);
    free(summary);
    free(legacy);
    free(detailed);
    tu_output_free(&o);
    free(dir);
}

/* Frames of a WAV file (libsndfile), and its samples when out != NULL. */
static sf_count_t read_wav(const char *path, float **out, int *rate)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        fail_msg("libsndfile cannot read '%s': %s", path, sf_strerror(NULL));
    assert_int_equal(info.channels, 1);
    assert_int_equal(info.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_16);
    *rate = info.samplerate;
    if (out) {
        *out = malloc((size_t)info.frames * sizeof(float));
        assert_int_equal(sf_readf_float(f, *out, info.frames), info.frames);
    }
    sf_close(f);
    return info.frames;
}

static void run_saving(const char *dir, const char *extra)
{
    char args[2048];
    tu_output o;
    snprintf(args, sizeof args,
             "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1 -n 3 --warmup 1 -t 1 "
             "--text-variations 3 --min-text-length 150 --max-text-length 200 %s -o json -q "
             "--name run --output-dir '%s' --save-audio '%s/wav'", extra, dir, dir);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    tu_output_free(&o);
}

static void streaming_matches_whole_audio_and_first_chunk_comes_first(void **state)
{
    (void)state;
    char *whole = tu_tempdir(), *stream = tu_tempdir();
    run_saving(whole, "");
    run_saving(stream, "--streaming --chunk-frames 16 --context-frames 16");
    cJSON *j = tu_read_json(stream, "run.json");
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
    const cJSON *r;
    int checked = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(lvl, "records")) {
        assert_true(tu_json_number(r, "ttfa_ms") > 0);
        assert_true(tu_json_number(r, "ttfa_ms") < tu_json_number(r, "latency_ms"));
        char name[64];
        snprintf(name, sizeof name, "wav/req_%d.wav", (int)tu_json_number(r, "id"));
        char *a_path = tu_path(whole, name), *b_path = tu_path(stream, name);
        float *a, *b;
        int rate_a, rate_b;
        sf_count_t na = read_wav(a_path, &a, &rate_a), nb = read_wav(b_path, &b, &rate_b);
        assert_int_equal(rate_a, 22050);
        assert_int_equal(na, nb);
        assert_float_equal((double)nb / rate_b, tu_json_number(r, "audio_seconds"), 1e-9);
        double worst = 0;
        for (sf_count_t i = 0; i < na; i++)
            worst = fmax(worst, fabs((double)a[i] - b[i]));
        if (worst > STREAMING_TOLERANCE)
            fail_msg("%s: streamed audio differs by %g > %g", name, worst, STREAMING_TOLERANCE);
        free(a);
        free(b);
        free(a_path);
        free(b_path);
        checked++;
    }
    assert_int_equal(checked, 3);
    cJSON_Delete(j);
    free(whole);
    free(stream);
}

static void texts_file_is_used_line_by_line(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *texts = tu_path(dir, "texts.txt");
    FILE *f = fopen(texts, "w");
    fputs("Hello world, this is a test.\n\nThe quick brown fox jumps over the lazy dog.\n", f);
    fclose(f);
    char args[2048];
    tu_output o;
    snprintf(args, sizeof args,
             "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1 -n 4 -t 1 --texts '%s' -o csv -q "
             "--output-dir '%s'", texts, dir);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    char *detailed = tu_path(dir, "tts_tiny_detailed.csv");
    char *text = tu_read_file(detailed);
    assert_non_null(strstr(text, "\"Hello world, this is a test.\",28,6"));
    assert_non_null(strstr(text, "The quick brown fox jumps over the lazy dog.,44,9"));
    free(text);
    free(detailed);
    free(texts);
    tu_output_free(&o);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tts_run_writes_seed_files),
        cmocka_unit_test(streaming_matches_whole_audio_and_first_chunk_comes_first),
        cmocka_unit_test(texts_file_is_used_line_by_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
