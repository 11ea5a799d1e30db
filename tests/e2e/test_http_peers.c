/* test_http_peers.c — ltbench against servers and clients nobody here wrote, all
 * from the peers' virtual environment (.venv-peers, scripts/peers; without it the
 * test says so and exits 77, reported as skipped):
 *  - MLServer (a V2 / Open Inference Protocol server) serving the exported
 *    ResNet-18 through a small custom runtime (tests/peers/mlserver_runtime.py):
 *    ltbench's v2 client, 100 % success, every photo's top-1 equal to the
 *    in-process run's; MLServer has no binary tensor extension: --binary-data is
 *    refused by it, and ltbench counts and reports that as failed requests;
 *  - Triton's client library (tritonclient.http) against `ltbench serve`:
 *    metadata, binary and JSON tensors, logits equal to torch's own forward;
 *  - the OpenAI Python client (client.audio.speech) against `ltbench serve`. */
#define _POSIX_C_SOURCE 200809L
#include "http_peer.h"
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

static void shell_ok(const char *cmdline, const char *want)
{
    tu_output o;
    int code = tu_run_shell(cmdline, &o);
    if (code != 0 || !o.out || !strstr(o.out, want))
        fail_msg("%s\n  exit %d\n  stdout: %s\n  stderr: %s", cmdline, code, o.out ? o.out : "",
                 o.err ? o.err : "");
    tu_output_free(&o);
}

static void v2_client_against_mlserver_matches_in_process(void **state)
{
    (void)state;
    char model[1024], runtime[1024], args[4096];
    snprintf(model, sizeof model, "%s/resnet18.pt", tu_env("LTBENCH_MODELS_DIR"));
    snprintf(runtime, sizeof runtime, "%s/tests/peers/mlserver_peer.py", tu_env("LTBENCH_SOURCE_DIR"));
    char *dir = tu_tempdir(), port[16];
    snprintf(port, sizeof port, "%d", http_peer_closed_port());
    const char *argv[] = {tu_peers_python(), runtime, "--model", model, "--port", port, "--dir", dir,
                          NULL};
    tu_server s;
    tu_peer_start(&s, argv, atoi(port), "Uvicorn running", 240);
    char *out = tu_tempdir();
    const char *photos = tu_env("LTBENCH_ASSETS_DIR");
    snprintf(args, sizeof args, "image -c 1 -n 7 --images '%s/images' --output-dir '%s' --name inproc -q",
             photos, out);
    run_ok(args);
    snprintf(args, sizeof args, "image --url %s --api v2 -c 1,2 -b 1,2 -n 7 --images '%s/images' "
             "--output-dir '%s' --name mlserver -q", s.url, photos, out);
    run_ok(args);

    tu_csv ref, run;
    tu_csv_read(out, "inproc_detailed.csv", &ref);
    tu_csv_read(out, "mlserver_detailed.csv", &run);
    assert_int_equal(run.n, 4 * 7);
    char photo[256], cls[64], other[256], want[64], ok[16], err[256];
    for (int r = 0; r < run.n; r++) {
        if (strcmp(tu_csv_text(&run, r, "Success", ok, sizeof ok), "True"))
            fail_msg("MLServer row %d failed: %s", r, tu_csv_text(&run, r, "Error_Message", err, sizeof err));
        tu_csv_text(&run, r, "Prompt_Input", photo, sizeof photo);
        tu_csv_text(&run, r, "Top1_Class", cls, sizeof cls);
        int found = 0;
        for (int i = 0; i < ref.n && !found; i++)
            if (!strcmp(tu_csv_text(&ref, i, "Prompt_Input", other, sizeof other), photo)) {
                found = 1;
                if (strcmp(tu_csv_text(&ref, i, "Top1_Class", want, sizeof want), cls))
                    fail_msg("%s: MLServer's top-1 %s, in-process %s", photo, cls, want);
            }
        assert_true(found);
    }
    tu_csv_free(&ref);
    tu_csv_free(&run);

    /* MLServer 1.7.1's REST has no binary tensor extension: every request fails
     * (an application/octet-stream body: HTTP 500, then it resets the connection), each
     * is counted with the server's answer, and the run still writes its files (exit 1) */
    tu_output o;
    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -c 1 -n 2 --images '%s/images' "
             "--output-dir '%s' --name mlbin -q", s.url, photos, out);
    int code = tu_run_cli(args, &o);
    tu_output_free(&o);
    assert_int_equal(code, 1);
    tu_csv_read(out, "mlbin_detailed.csv", &run);
    assert_int_equal(run.n, 2);
    assert_string_equal(tu_csv_text(&run, 0, "Success", ok, sizeof ok), "False");
    assert_non_null(strstr(tu_csv_text(&run, 0, "Error_Message", err, sizeof err), "HTTP "));
    assert_string_equal(tu_csv_text(&run, 1, "Success", ok, sizeof ok), "False");
    tu_csv_free(&run);

    char cmd[8400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", out, dir);
    assert_int_equal(system(cmd), 0);
    free(out);
    free(dir);
    tu_server_stop(&s);
}

static void tritonclient_and_openai_client_against_ltbench_serve(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/peers/triton_client_check.py' 127.0.0.1:%d '%s/resnet18.pt'",
             tu_peers_python(), tu_env("LTBENCH_SOURCE_DIR"), s.port, tu_env("LTBENCH_MODELS_DIR"));
    shell_ok(cmd, "tritonclient: ok");
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/peers/openai_client_check.py' %s/v1 tts_tiny",
             tu_peers_python(), tu_env("LTBENCH_SOURCE_DIR"), s.url);
    shell_ok(cmd, "openai: ok");
    tu_server_stop(&s);
}

int main(void)
{
    if (!tu_peers_python()) {
        printf("skipped: no .venv-peers/bin/python (run scripts/peers: MLServer, tritonclient, "
               "openai from PyPI)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tritonclient_and_openai_client_against_ltbench_serve),
        cmocka_unit_test(v2_client_against_mlserver_matches_in_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
