/* test_seed_headers.c — golden test: every CSV header ltbench writes (image, TTS and
 * image-generation files, alone and as a fleet's ranked files) starts with the seed's
 * columns exactly as DESIGN.md ("Files the seed's users already parse") lists them;
 * ltbench's own columns may only follow. Where ../shared/DESIGN.md sits beside the
 * clone, the strings below are also checked against it. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "testutil.h"
#include "unit_helpers.h"

/* DESIGN.md's strings, joined across its line breaks. */
static const char kTtsDetailed[] =
    "Concurrency_Level,Request_ID,Iteration,Text_Input,Text_Length_Chars,"
    "Text_Length_Tokens,Start_Time_Sec,First_Audio_Time_Sec,End_Time_Sec,Wall_Time_Sec,TTFA_Sec,"
    "Audio_Duration_Sec,RTF,Sample_Rate,Bit_Depth,Success,Error_Message";
static const char kTtsSummary[] =
    "Concurrency,ASPS,RTF_Mean,RTF_Median,RPS,CPS,Tokens_Per_Sec,TTFA_p50_ms,"
    "TTFA_p95_ms,TTFA_p99_ms,TTFA_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,"
    "Total_Wall_Time_s,Total_Audio_Duration_s,Avg_Text_Length_chars,Avg_Audio_Duration_s,"
    "Sample_Rate,Bit_Depth";
static const char kImageSummary[] =
    "Concurrency,IPS,PPS,SPS,RPS,CPS,Tokens_Per_Sec,TTFI_p50_ms,TTFI_p95_ms,"
    "TTFI_p99_ms,TTFI_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s,"
    "Total_Images,Total_Pixels,Total_Inference_Steps,Avg_Prompt_Length_chars,"
    "Avg_Images_Per_Request,Avg_Image_Width,Avg_Image_Height,Avg_Inference_Steps,"
    "Avg_Guidance_Scale,Avg_Memory_Peak_MB,Max_Memory_Peak_MB,Avg_GPU_Memory_MB,Max_GPU_Memory_MB";
static const char kImageDetailed[] =
    "Concurrency_Level,Request_ID,Iteration,Prompt_Input,Prompt_Length_Chars,"
    "Prompt_Length_Tokens,Negative_Prompt_Length_Chars,Start_Time_Sec,First_Image_Time_Sec,"
    "End_Time_Sec,Wall_Time_Sec,TTFI_Sec,Width,Height,Num_Images,Total_Pixels,Num_Inference_Steps,"
    "Guidance_Scale,Seed,Images_Per_Sec,Pixels_Per_Sec,Steps_Per_Sec,Memory_Peak_MB,GPU_Memory_MB,"
    "File_Size_Bytes,Image_Format,Success,Error_Message";

/* DESIGN.md's string after "label `", its line breaks removed; malloc'd, NULL if absent. */
static char *design_string(const char *design, const char *label)
{
    const char *at = strstr(design, label);
    if (!at)
        return NULL;
    const char *open = strchr(at, '`');
    const char *close = open ? strchr(open + 1, '`') : NULL;
    if (!close)
        return NULL;
    char *out = malloc((size_t)(close - open));
    size_t n = 0;
    for (const char *p = open + 1; p < close; p++)
        if (*p != '\n')
            out[n++] = *p;
    out[n] = '\0';
    return out;
}

static void strings_are_design_md_s(void **state)
{
    (void)state;
    const char *src = getenv("LTBENCH_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/../shared/DESIGN.md", src ? src : ".");
    char *design = tu_read_file(path);
    if (!design) {
        print_message("no %s beside the clone: the strings are checked against the files only\n",
                      path);
        return;
    }
    const struct { const char *label, *golden; } kinds[] = {
        {"TTS detailed:", kTtsDetailed}, {"TTS summary:", kTtsSummary},
        {"Image summary:", kImageSummary}, {"Image detailed:", kImageDetailed}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char *s = design_string(design, kinds[i].label);
        assert_non_null(s);
        assert_string_equal(s, kinds[i].golden);
        free(s);
    }
    free(design);
}

/* A run of one task with one skipped level: every file still gets its header. */
static void fill_run(ltb_run *run, ltb_task task, const char *dir)
{
    memset(run, 0, sizeof *run);
    ltb_config *c = &run->config;
    c->task = task;
    c->name = "golden";
    c->output_dir = dir;
    c->concurrency[0] = 1;
    c->n_concurrency = 1;
    c->batch[0] = 1;
    c->n_batch = 1;
    c->iterations = 1;
    c->device = "cpu";
    c->precision = "fp32";
    c->width = c->height = 64;
    ltb_level *level = &run->levels[run->n_levels++];
    level->concurrency = 1;
    level->batch = 1;
    level->skipped = 1;
    snprintf(level->note, sizeof level->note, "golden header test");
}

/* dir/golden{suffix}'s header starts with golden, then ends or goes on with a comma. */
static void expect_header(const char *dir, const char *suffix, const char *golden)
{
    char file[64];
    snprintf(file, sizeof file, "golden%s", suffix);
    char *path = tu_path(dir, file);
    char *line = tu_first_line(path);
    assert_non_null(line);
    size_t n = strlen(golden);
    if (strncmp(line, golden, n) != 0 || (line[n] != '\0' && line[n] != ','))
        fail_msg("%s: header\n  %s\ndoes not start with the seed's\n  %s", path, line, golden);
    free(line);
    free(path);
}

typedef int (*write_fn)(const ltb_run *run, const char *dir, char *err, size_t errlen);
typedef int (*write_ranks_fn)(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                              size_t errlen);

static void check_task(ltb_task task, write_fn alone, write_ranks_fn ranked, const char *summary,
                       const char *detailed, int legacy)
{
    for (int fleet = 0; fleet < 2; fleet++) {
        char *dir = tu_tempdir();
        ltb_run *run = calloc(1, sizeof *run);
        assert_non_null(run);
        fill_run(run, task, dir);
        char err[512] = "";
        ltb_csv_rank rank = {run, 0, "host0"};
        int rc = fleet ? ranked(&rank, 1, dir, err, sizeof err) : alone(run, dir, err, sizeof err);
        if (rc != 0)
            fail_msg("writing the CSV files: %s", err);
        expect_header(dir, "_summary.csv", summary);
        expect_header(dir, "_detailed.csv", detailed);
        if (legacy)
            expect_header(dir, ".csv", summary);
        free(run);
        assert_int_equal(uh_remove_dir(dir), 0);
        free(dir);
    }
}

static void image_files_keep_the_seed_headers(void **state)
{
    (void)state;
    check_task(LTB_TASK_IMAGE, ltb_report_csv_image, ltb_report_csv_image_ranks, kImageSummary,
               kImageDetailed, 0);
}

static void tts_files_keep_the_seed_headers(void **state)
{
    (void)state;
    check_task(LTB_TASK_TTS, ltb_report_csv_tts, ltb_report_csv_tts_ranks, kTtsSummary,
               kTtsDetailed, 1);
}

static void generate_files_keep_the_seed_image_headers(void **state)
{
    (void)state;
    check_task(LTB_TASK_GENERATE, ltb_report_csv_generate, ltb_report_csv_generate_ranks,
               kImageSummary, kImageDetailed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_design_md_s),
        cmocka_unit_test(image_files_keep_the_seed_headers),
        cmocka_unit_test(tts_files_keep_the_seed_headers),
        cmocka_unit_test(generate_files_keep_the_seed_image_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
