/* test_http_client.c — `ltbench image|tts --url` against the real `ltbench serve`
 * (both APIs, streaming TTFA, tokens, a server killed mid-run, a server that is
 * down) and against raw socket peers that misbehave (never answer: --timeout;
 * answer HTTP 200 with invalid JSON), then `ltbench compare` of an in-process run
 * and an HTTP run of the same model. */
#define _POSIX_C_SOURCE 200809L
#include "http_peer.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the real server ----------------------------------------------------------------- */

typedef struct server {
    pid_t pid;
    char url[128];
    char *dir;
} server;

/* Starts `ltbench serve --port 0` on resnet18 and tts_tiny (token when not NULL)
 * and waits for its "listening on" line. */
static void server_start(server *s, const char *token)
{
    s->dir = tu_tempdir();
    char *log = tu_path(s->dir, "serve.log");
    char models[2][1024];
    snprintf(models[0], sizeof models[0], "%s/resnet18.pt", tu_env("LTBENCH_MODELS_DIR"));
    snprintf(models[1], sizeof models[1], "%s/tts_tiny.pt", tu_env("LTBENCH_MODELS_DIR"));
    const char *bin = tu_env("LTBENCH_BIN");
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(127);
        if (token)
            execl(bin, bin, "serve", "--port", "0", "--model", models[0], "--model", models[1],
                  "--token", token, (char *)NULL);
        else
            execl(bin, bin, "serve", "--port", "0", "--model", models[0], "--model", models[1],
                  (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1200; i++) {
        char *text = tu_read_file(log);
        const char *at = text ? strstr(text, "listening on http://") : NULL;
        if (at) {
            sscanf(at + strlen("listening on "), "%127[^ \n(]", s->url);
            free(text);
            free(log);
            return;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            fail_msg("ltbench serve exited before listening: %s", text ? text : "(no output)");
        free(text);
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    fail_msg("ltbench serve did not say where it listens within 120 s");
}

/* SIGTERM, then its exit status must be 0. */
static void server_stop(server *s)
{
    int status = 0;
    kill(s->pid, SIGTERM);
    assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    assert_int_equal(system(cmd), 0);
    free(s->dir);
}

/* ---- reading the detailed CSV ----------------------------------------------------------- */

static void read_detailed(const char *dir, const char *name, tu_csv *d)
{
    char file[256];
    snprintf(file, sizeof file, "%s_detailed.csv", name);
    tu_csv_read(dir, file, d);
}

/* ---- running ltbench ------------------------------------------------------------------ */

static void expect_exit(const char *args, int want, tu_output *o)
{
    int code = tu_run_cli(args, o);
    if (code != want)
        fail_msg("ltbench %s\n  exit %d (want %d), stderr: %s", args, code, want, o->err ? o->err : "");
}

static void expect_all_succeeded(const tu_csv *d)
{
    char buf[256];
    assert_true(d->n > 0);
    for (int r = 0; r < d->n; r++)
        if (strcmp(tu_csv_text(d, r, "Success", buf, sizeof buf), "True"))
            fail_msg("row %d failed: %s", r, tu_csv_text(d, r, "Error_Message", buf, sizeof buf));
}

/* ---- tests --------------------------------------------------------------------------- */

static void image_over_both_apis_and_compare_with_in_process(void **state)
{
    (void)state;
    server s;
    server_start(&s, NULL);
    char *out = tu_tempdir(), args[4096];
    tu_output o;
    snprintf(args, sizeof args, "image -c 1 -n 8 --output-dir '%s' --name inproc -q", out);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    snprintf(args, sizeof args, "image --url %s --model-name resnet18 -c 1 -n 8 --output-dir '%s' --name http -q",
             s.url, out);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    tu_csv d;
    read_detailed(out, "http", &d);
    expect_all_succeeded(&d);
    assert_true(tu_csv_double(&d, 0, "Server_Processing_ms") > 0);
    tu_csv_free(&d);

    snprintf(args, sizeof args, "image --url %s --api rust -b 1,2 -c 1,2 -n 6 --output-dir '%s' --name rust -q",
             s.url, out);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    read_detailed(out, "rust", &d);
    expect_all_succeeded(&d);
    assert_int_equal(d.n, 4 * 6);
    tu_csv_free(&d);

    /* without --name an HTTP run is named after the model plus _http, so it never
     * overwrites the in-process run's files */
    snprintf(args, sizeof args, "image --url %s --model-name resnet18 -c 1 -n 2 -o json --output-dir '%s' -q",
             s.url, out);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    char *default_named = tu_path(out, "resnet18_http.json");
    assert_true(tu_file_exists(default_named));
    free(default_named);

    snprintf(args, sizeof args, "compare '%s/inproc.json' '%s/http.json' --output-dir '%s' --name cmp", out, out, out);
    expect_exit(args, 0, &o);
    assert_non_null(strstr(o.out, "transport"));
    tu_output_free(&o);
    char *csv = tu_path(out, "cmp_comparison.csv"), *detailed = tu_path(out, "cmp_detailed_comparison.csv");
    assert_true(tu_file_exists(csv));
    assert_true(tu_file_exists(detailed));
    char *json_path = tu_path(out, "cmp.json");
    char *text = tu_read_file(json_path);
    cJSON *root = cJSON_Parse(text);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 0);
    cJSON *http = cJSON_GetArrayItem(cJSON_GetObjectItem(level, "results"), 1);
    /* the split adds up (its sign is a timing, not asserted: a loaded machine can
     * make the in-process run's own overhead the larger) */
    cJSON *overhead = cJSON_GetObjectItem(http, "overhead_ms");
    cJSON *total = cJSON_GetObjectItem(overhead, "total"), *model = cJSON_GetObjectItem(overhead, "model"),
          *transport = cJSON_GetObjectItem(overhead, "transport");
    assert_true(cJSON_IsNumber(total) && cJSON_IsNumber(model) && cJSON_IsNumber(transport));
    if (fabs(total->valuedouble - (model->valuedouble + transport->valuedouble)) > 1e-6)
        fail_msg("overhead %.6f ms != model %.6f + transport %.6f:\n%s", total->valuedouble,
                 model->valuedouble, transport->valuedouble, text);
    cJSON_Delete(root);
    free(text);
    free(json_path);
    free(csv);
    free(detailed);
    free(out);
    server_stop(&s);
}

static void tts_over_both_apis_and_streaming(void **state)
{
    (void)state;
    server s;
    server_start(&s, NULL);
    char *out = tu_tempdir(), args[4096];
    tu_output o;
    const char *runs[][2] = {{"python", ""}, {"rust", ""}, {"rust", "--streaming"}};
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof args, "tts --url %s -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --api %s %s "
                 "-c 1 -n 3 --output-dir '%s' --name tts%d -q", s.url, runs[i][0], runs[i][1], out, i);
        expect_exit(args, 0, &o);
        tu_output_free(&o);
        char name[16];
        snprintf(name, sizeof name, "tts%d", i);
        tu_csv d;
        read_detailed(out, name, &d);
        expect_all_succeeded(&d);
        for (int r = 0; r < d.n; r++) {
            double ttfa = tu_csv_double(&d, r, "TTFA_Sec"), wall = tu_csv_double(&d, r, "Wall_Time_Sec");
            assert_true(tu_csv_double(&d, r, "Audio_Duration_Sec") > 0);
            if (i == 2 && !(ttfa > 0 && ttfa < wall))
                fail_msg("streaming TTFA %.6f s is not before the end %.6f s", ttfa, wall);
            if (i < 2 && ttfa != wall)
                fail_msg("non-streaming TTFA %.6f s is not the end %.6f s", ttfa, wall);
        }
        tu_csv_free(&d);
    }
    snprintf(args, sizeof args, "tts --url %s --api python --streaming -n 1 -q", s.url);
    expect_exit(args, 2, &o);
    assert_true(tu_is_one_line(o.err));
    assert_non_null(strstr(o.err, "no streaming endpoint"));
    tu_output_free(&o);
    free(out);
    server_stop(&s);
}

static void tokens_are_checked_before_the_run(void **state)
{
    (void)state;
    server s;
    server_start(&s, "s3cret");
    char args[4096];
    tu_output o;
    snprintf(args, sizeof args, "image --url %s --token wrong -c 1 -n 2 -q -o table", s.url);
    expect_exit(args, 2, &o);
    assert_true(tu_is_one_line(o.err));
    assert_non_null(strstr(o.err, "refused the token"));
    tu_output_free(&o);
    snprintf(args, sizeof args, "tts --url %s -c 1 -n 2 -q -o table", s.url);
    expect_exit(args, 2, &o);
    assert_non_null(strstr(o.err, "--token"));
    tu_output_free(&o);
    snprintf(args, sizeof args, "image --url %s --token s3cret -c 1 -n 2 -q -o table", s.url);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    server_stop(&s);
}

static void server_killed_mid_run_counts_failures_and_still_writes_files(void **state)
{
    (void)state;
    server s;
    server_start(&s, NULL);
    char *out = tu_tempdir(), cmd[4096];
    tu_output o;
    /* kill the server one second after the run has started (the plan line is printed
     * just before the first timed request), whatever the machine's speed */
    snprintf(cmd, sizeof cmd,
             "\"$LTBENCH_BIN\" image --url %s -c 2 -n 400 --output-dir '%s' --name killed -o csv,json "
             "2>'%s/client.err' >/dev/null & client=$!; "
             "for i in $(seq 600); do grep -q 'requests per level' '%s/client.err' && break; sleep 0.1; done; "
             "sleep 1; kill -9 %d; wait $client", s.url, out, out, out, (int)s.pid);
    int code = tu_run_shell(cmd, &o);
    if (code != 1)
        fail_msg("exit %d (want 1), stderr: %s", code, o.err ? o.err : "");
    tu_output_free(&o);
    int status;
    assert_int_equal(waitpid(s.pid, &status, 0), s.pid);
    tu_csv d;
    read_detailed(out, "killed", &d);
    assert_int_equal(d.n, 400);
    int ok = 0, failed = 0;
    char buf[256];
    for (int r = 0; r < d.n; r++) {
        if (!strcmp(tu_csv_text(&d, r, "Success", buf, sizeof buf), "True"))
            ok++;
        else if (tu_csv_text(&d, r, "Error_Message", buf, sizeof buf)[0])
            failed++;
    }
    assert_true(ok > 0);
    assert_true(failed > 0);
    assert_int_equal(ok + failed, 400);
    tu_csv_free(&d);
    char *json = tu_path(out, "killed.json");
    assert_true(tu_file_exists(json));
    free(json);
    free(out);
    free(s.dir);
}

static void a_server_that_is_down_is_one_line_and_exit_2(void **state)
{
    (void)state;
    char args[512];
    tu_output o;
    snprintf(args, sizeof args, "image --url http://127.0.0.1:%d -n 5 -q", http_peer_closed_port());
    expect_exit(args, 2, &o);
    assert_true(tu_is_one_line(o.err));
    assert_non_null(strstr(o.err, "cannot reach http://127.0.0.1:"));
    assert_non_null(strstr(o.err, "Connection refused"));
    tu_output_free(&o);
}

static peer_after never_answer(int fd, void *user)
{
    (void)fd;
    (void)user;
    return PEER_HOLD;
}

static peer_after invalid_json(int fd, void *user)
{
    (void)user;
    http_peer_reply(fd, "200 OK", "{\"success\": true, \"result\": [{\"class_id\": 1,");
    return PEER_CLOSE;
}

/* Runs `ltbench image` with extra options against a peer answering with respond
 * (3 requests, exit 1 expected); its detailed rows into d. */
static void run_against_peer(peer_respond_fn respond, const char *extra, tu_csv *d)
{
    http_peer p;
    http_peer_start(&p, respond, NULL);
    char *out = tu_tempdir(), args[4096];
    tu_output o;
    snprintf(args, sizeof args, "image --url http://127.0.0.1:%d -c 1 -n 3 %s --output-dir '%s' "
             "--name peer -q -o csv", p.port, extra, out);
    expect_exit(args, 1, &o);
    tu_output_free(&o);
    http_peer_stop(&p);
    read_detailed(out, "peer", d);
    assert_int_equal(d->n, 3);
    free(out);
}

static void timeout_fails_requests_to_a_server_that_never_answers(void **state)
{
    (void)state;
    tu_csv d;
    run_against_peer(never_answer, "--timeout 0.5 --warmup 0", &d);
    char buf[256];
    for (int r = 0; r < d.n; r++) {
        assert_string_equal(tu_csv_text(&d, r, "Success", buf, sizeof buf), "False");
        assert_non_null(strstr(tu_csv_text(&d, r, "Error_Message", buf, sizeof buf), "timeout"));
        assert_true(tu_csv_double(&d, r, "Wall_Time_Sec") < 5.0);
    }
    tu_csv_free(&d);
}

static void invalid_json_with_http_200_is_a_failed_request(void **state)
{
    (void)state;
    tu_csv d;
    run_against_peer(invalid_json, "--warmup 1", &d);
    char buf[256];
    for (int r = 0; r < d.n; r++)
        assert_non_null(strstr(tu_csv_text(&d, r, "Error_Message", buf, sizeof buf), "malformed JSON"));
    tu_csv_free(&d);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_server_that_is_down_is_one_line_and_exit_2),
        cmocka_unit_test(timeout_fails_requests_to_a_server_that_never_answers),
        cmocka_unit_test(invalid_json_with_http_200_is_a_failed_request),
        cmocka_unit_test(image_over_both_apis_and_compare_with_in_process),
        cmocka_unit_test(tts_over_both_apis_and_streaming),
        cmocka_unit_test(tokens_are_checked_before_the_run),
        cmocka_unit_test(server_killed_mid_run_counts_failures_and_still_writes_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
