/* test_http_protocols.c — the standard protocols end to end over loopback, with
 * `ltbench serve` on one side and ltbench's HTTP client on the other: the Open
 * Inference Protocol (JSON and binary tensors, batches: every photo's top-1 equal
 * to the in-process run's; JSON and binary tensors of a photo give the same logits;
 * bad JSON tensor data is a 400 naming the field), OpenAI speech (WAV and streamed pcm: the same audio
 * seconds as the torch-inference API gives), `compare` of an in-process and a v2
 * run, a protocol the server does not speak (one line naming the protocol and
 * the endpoint, exit 2, before any request), and the usage errors of the new
 * options. */
#define _POSIX_C_SOURCE 200809L
#include "serve_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_ok(const char *args)
{
    tu_output o;
    int code = tu_run_cli(args, &o);
    if (code != 0)
        fail_msg("ltbench %s\n  exit %d, stderr: %s", args, code, o.err ? o.err : "");
    tu_output_free(&o);
}

static void expect_all_succeeded(const tu_csv *d)
{
    char buf[256];
    assert_true(d->n > 0);
    for (int r = 0; r < d->n; r++)
        if (strcmp(tu_csv_text(d, r, "Success", buf, sizeof buf), "True"))
            fail_msg("row %d failed: %s", r, tu_csv_text(d, r, "Error_Message", buf, sizeof buf));
}

/* Every request of run `name` succeeded, and each one's Top1_Class is what the
 * in-process run `inproc` (same photos) gave the same photo. */
static void expect_same_top1(const char *dir, const char *inproc, const char *name)
{
    char file[256], photo[256], cls[64], other[256], want[64];
    tu_csv ref, run;
    snprintf(file, sizeof file, "%s_detailed.csv", inproc);
    tu_csv_read(dir, file, &ref);
    snprintf(file, sizeof file, "%s_detailed.csv", name);
    tu_csv_read(dir, file, &run);
    expect_all_succeeded(&run);
    for (int r = 0; r < run.n; r++) {
        tu_csv_text(&run, r, "Prompt_Input", photo, sizeof photo);
        tu_csv_text(&run, r, "Top1_Class", cls, sizeof cls);
        int found = 0;
        for (int i = 0; i < ref.n && !found; i++) {
            if (strcmp(tu_csv_text(&ref, i, "Prompt_Input", other, sizeof other), photo))
                continue;
            found = 1;
            if (strcmp(tu_csv_text(&ref, i, "Top1_Class", want, sizeof want), cls))
                fail_msg("%s: %s says class %s, in-process %s", photo, name, cls, want);
        }
        if (!found)
            fail_msg("%s: the in-process run has no row for %s", name, photo);
    }
    tu_csv_free(&ref);
    tu_csv_free(&run);
}

/* Each photo's top-k classes and scores at concurrency 1 of run a are those of run b
 * (the same logits: JSON data carries every float exactly, %.9g). */
static void expect_same_logits(const char *dir, const char *a, const char *b)
{
    char file[256], photo[256], other[256], want[512], got[512];
    tu_csv ra, rb;
    snprintf(file, sizeof file, "%s_detailed.csv", a);
    tu_csv_read(dir, file, &ra);
    snprintf(file, sizeof file, "%s_detailed.csv", b);
    tu_csv_read(dir, file, &rb);
    int compared = 0;
    for (int r = 0; r < ra.n; r++) {
        if (tu_csv_double(&ra, r, "Concurrency_Level") != 1)
            continue;
        tu_csv_text(&ra, r, "Prompt_Input", photo, sizeof photo);
        for (int i = 0; i < rb.n; i++) {
            if (strcmp(tu_csv_text(&rb, i, "Prompt_Input", other, sizeof other), photo))
                continue;
            for (int col = 0; col < 2; col++) {
                const char *name = col ? "Top_K_Scores" : "Top_K_Classes";
                tu_csv_text(&ra, r, name, got, sizeof got);
                tu_csv_text(&rb, i, name, want, sizeof want);
                if (!got[0] || strcmp(got, want))
                    fail_msg("%s: %s %s '%s', %s '%s'", photo, name, a, got, b, want);
            }
            compared++;
            break;
        }
    }
    if (compared == 0)
        fail_msg("%s and %s share no photo", a, b);
    tu_csv_free(&ra);
    tu_csv_free(&rb);
}

/* A bad JSON infer request is a 400 whose one-line error names the field. */
static void expect_json_refused(const tu_server *s, const char *body, const char *needle)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "curl -s -w ' HTTP %%{http_code}' -H 'Content-Type: application/json' "
             "--data-binary '%s' %s/v2/models/resnet18/infer", body, s->url);
    tu_output o;
    tu_run_shell(cmd, &o);
    if (!o.out || !strstr(o.out, "HTTP 400") || !strstr(o.out, needle))
        fail_msg("%s\n  answered: %s (wanted HTTP 400 saying '%s')", body, o.out ? o.out : "",
                 needle);
    tu_output_free(&o);
}

static void v2_json_and_binary_match_in_process_and_compare_works(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char *out = tu_tempdir(), args[4096];
    const char *photos = tu_env("LTBENCH_ASSETS_DIR");
    snprintf(args, sizeof args, "image -c 1 -n 7 --images '%s/images' --output-dir '%s' --name inproc -q",
             photos, out);
    run_ok(args);
    snprintf(args, sizeof args, "image --url %s --api v2 -c 1,2 -n 7 --images '%s/images' "
             "--output-dir '%s' --name v2json -q", s.url, photos, out);
    run_ok(args);
    expect_same_top1(out, "inproc", "v2json");
    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -b 1,2 -c 1 -n 7 "
             "--images '%s/images' --output-dir '%s' --name v2bin -q", s.url, photos, out);
    run_ok(args);
    expect_same_top1(out, "inproc", "v2bin");
    /* JSON and binary tensors of the same photo: the same logits from the server */
    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -c 1 -n 5 "
             "--images '%s/images' --output-dir '%s' --name v2bin1 -q", s.url, photos, out);
    run_ok(args);
    expect_same_logits(out, "v2json", "v2bin1");
    expect_json_refused(&s, "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3,224,224],"
                        "\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7]}]}",
                        "inputs[0].data: expected 150528 numbers, got 7");
    expect_json_refused(&s, "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3,1,1],"
                        "\"datatype\":\"FP32\",\"data\":[1,NaN,3]}]}",
                        "inputs[0].data[1]: 'NaN' is not a number");
    expect_json_refused(&s, "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3,1,1],"
                        "\"datatype\":\"FP32\",\"data\":[1,2,3]}]} trailing",
                        "bytes after the JSON value");
    /* the output by name, and a version in the path */
    snprintf(args, sizeof args, "image --url %s --api v2 --output-name output --model-version 1 "
             "-c 1 -n 2 --images '%s/images' --output-dir '%s' --name v2named -q", s.url, photos, out);
    run_ok(args);
    expect_same_top1(out, "inproc", "v2named");

    /* synthetic images: PNG files made only for the API that sends files, the same
     * pixels either way */
    snprintf(args, sizeof args, "image -c 1 -n 3 --synthetic 3 --output-dir '%s' --name inproc_syn -q",
             out);
    run_ok(args);
    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -c 1 -n 3 --synthetic 3 "
             "--output-dir '%s' --name v2_syn -q", s.url, out);
    run_ok(args);
    expect_same_top1(out, "inproc_syn", "v2_syn");
    snprintf(args, sizeof args, "image --url %s --api python -c 1 -n 3 --synthetic 3 "
             "--output-dir '%s' --name python_syn", s.url, out);
    tu_output plan;
    assert_int_equal(tu_run_cli(args, &plan), 0);
    expect_same_top1(out, "inproc_syn", "python_syn");
    /* a server's run: its protocol on the plan line, no threads or precision of ours,
     * no phase table (only the answer's reading is ours) */
    if (!strstr(plan.err, "(--api python)") || strstr(plan.err, "intra-op") ||
        strstr(plan.err, "fp32") || strstr(plan.out, "Phases"))
        fail_msg("remote run's console:\n%s\n%s", plan.err, plan.out);
    tu_output_free(&plan);

    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -c 1 -n 4 -o json "
             "--images '%s/images' --output-dir '%s' --name v2cmp -q", s.url, photos, out);
    run_ok(args);
    snprintf(args, sizeof args, "image -c 1 -n 4 -o json --images '%s/images' --output-dir '%s' "
             "--name inproc_cmp -q", photos, out);
    run_ok(args);
    tu_output o;
    snprintf(args, sizeof args, "compare '%s/inproc_cmp.json' '%s/v2cmp.json' --output-dir '%s' --name cmp",
             out, out, out);
    int code = tu_run_cli(args, &o);
    if (code != 0 || !strstr(o.out, "v2cmp"))
        fail_msg("compare: exit %d\n%s\n%s", code, o.out ? o.out : "", o.err ? o.err : "");
    tu_output_free(&o);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(out);
    tu_server_stop(&s);
}

/* Audio seconds per request, in request order, of run name's detailed CSV. */
static double total_audio(const char *dir, const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "%s_detailed.csv", name);
    tu_csv d;
    tu_csv_read(dir, file, &d);
    expect_all_succeeded(&d);
    double sum = 0;
    for (int r = 0; r < d.n; r++) {
        double ttfa = tu_csv_double(&d, r, "TTFA_Sec"), wall = tu_csv_double(&d, r, "Wall_Time_Sec");
        if (!(ttfa > 0 && ttfa <= wall))
            fail_msg("%s row %d: TTFA %.6f s outside (0, %.6f]", name, r, ttfa, wall);
        sum += tu_csv_double(&d, r, "Audio_Duration_Sec");
    }
    tu_csv_free(&d);
    return sum;
}

static void openai_speech_wav_and_pcm_give_the_same_audio(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char *out = tu_tempdir(), args[4096];
    const char *runs[][2] = {{"python", ""}, {"openai", ""}, {"openai_pcm", "--sample-rate 22050"}};
    double seconds[3];
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof args, "tts --url %s --api %s %s --model-name tts_tiny -c 1 -n 3 "
                 "--output-dir '%s' --name %s -q", s.url, i ? "openai" : "python", runs[i][1], out,
                 runs[i][0]);
        run_ok(args);
        seconds[i] = total_audio(out, runs[i][0]);
    }
    assert_true(seconds[0] > 0);
    /* the same texts, the same deterministic model: the same audio, whatever the protocol */
    for (int i = 1; i < 3; i++)
        if (seconds[i] < seconds[0] - 1e-6 || seconds[i] > seconds[0] + 1e-6)
            fail_msg("%s: %.6f audio seconds, python %.6f", runs[i][0], seconds[i], seconds[0]);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(out);
    tu_server_stop(&s);
}

static void a_protocol_the_server_does_not_speak_is_one_line_before_the_run(void **state)
{
    (void)state;
    const char *python_only[] = {"--api", "python", NULL};
    tu_server s;
    tu_serve_start(&s, python_only);
    char args[1024];
    snprintf(args, sizeof args, "image --url %s --api v2 -n 2", s.url);
    tu_expect_usage_error(args, "--api v2", "/v2/health/ready answered HTTP 404");
    snprintf(args, sizeof args, "tts --url %s --api openai -n 2", s.url);
    tu_expect_usage_error(args, "--api openai", "/v1/models answered HTTP 404");
    snprintf(args, sizeof args, "image --url %s --api torchserve -n 2", s.url);
    tu_expect_usage_error(args, "--api torchserve", "/ping");
    tu_server_stop(&s);

    const char *v2_only[] = {"--api", "v2", NULL};
    tu_serve_start(&s, v2_only);
    snprintf(args, sizeof args, "image --url %s --api python -n 2", s.url);
    tu_expect_usage_error(args, "--api python", "/models answered HTTP 404");
    snprintf(args, sizeof args, "image --url %s --api v2 --model-name nope -n 2", s.url);
    tu_expect_usage_error(args, "no model 'nope'", "/v2/models/nope");
    snprintf(args, sizeof args, "image --url %s --api v2 --output-name probs -n 2", s.url);
    tu_expect_usage_error(args, "--output-name 'probs'", "no such output");
    tu_server_stop(&s);
}

static void option_misuse_is_a_usage_error(void **state)
{
    (void)state;
    const char *url = "--url http://127.0.0.1:9";
    char args[512];
    snprintf(args, sizeof args, "image %s --api python --binary-data", url);
    tu_expect_usage_error(args, "--binary-data", "--api v2");
    snprintf(args, sizeof args, "image %s --api openai", url);
    tu_expect_usage_error(args, "--api openai", "ltbench tts");
    snprintf(args, sizeof args, "tts %s --api v2", url);
    tu_expect_usage_error(args, "--api v2", "ltbench tts speaks");
    snprintf(args, sizeof args, "image %s --api torchserve -b 2", url);
    tu_expect_usage_error(args, "--api torchserve", "--batch 2");
    tu_expect_usage_error("image --api grpc --url http://127.0.0.1:9", "--api", "'grpc'");
    tu_expect_usage_error("image --binary-data", "--binary-data", "--url");
    tu_expect_usage_error("serve --model x.pt --api v2,grpc", "--api", "'grpc'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(option_misuse_is_a_usage_error),
        cmocka_unit_test(a_protocol_the_server_does_not_speak_is_one_line_before_the_run),
        cmocka_unit_test(v2_json_and_binary_match_in_process_and_compare_works),
        cmocka_unit_test(openai_speech_wav_and_pcm_give_the_same_audio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
