/* test_http_torchserve.c — ltbench's --api torchserve against the real TorchServe
 * (issue #21), started on loopback by scripts/peer-torchserve from its own virtual
 * environment (.venv-torchserve, `scripts/peer-torchserve install`; without it, or
 * without Java, the test says so and exits 77, reported as skipped). TorchServe
 * serves the exported ResNet-18 through its stock image_classifier handler:
 *  - the colour photos, at concurrency 1 and 2 and through the version path
 *    /predictions/resnet18/1.0, and with -m resnet18 (a served model's name, no file
 *    here: the models directory's class names): every request succeeds, and each answer's top-5
 *    class ids (TorchServe's class names mapped back through imagenet_classes.txt)
 *    and probabilities equal an independent reference of the handler's documented
 *    preprocessing (tests/peers/torchserve_reference.py: torchvision resize 256,
 *    centre crop 224, softmax); the image bodies go with an image Content-Type, so
 *    TorchServe's worker never tries them as JSON (its log holds no "Failed json
 *    decoding" warning);
 *  - the grey photo (one channel: the stock handler's 3-channel normalisation fails),
 *    an unknown model version and an unknown model: each request is counted as
 *    failed with TorchServe's own message, and the run still writes its files. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[512];     /* TorchServe's directory (logs, model store, pid file) */
static char g_url[128];
static char g_photos[512];  /* the colour photos (links) */
static char g_grey[512];    /* the grey photo alone */

static int start_torchserve(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), cmd[4096];
    snprintf(g_dir, sizeof g_dir, "%s", dir);
    free(dir);
    snprintf(cmd, sizeof cmd, "'%s/scripts/peer-torchserve' start '%s/ts' '%s/resnet18.pt'",
             tu_env("LTBENCH_SOURCE_DIR"), g_dir, tu_env("LTBENCH_MODELS_DIR"));
    tu_output o;
    int code = tu_run_shell(cmd, &o);
    if (code != 0) {
        fprintf(stderr, "%s\n  exit %d\n%s%s\n", cmd, code, o.out ? o.out : "", o.err ? o.err : "");
        tu_output_free(&o);
        return -1;
    }
    tu_output_free(&o);
    char path[600];
    snprintf(path, sizeof path, "%s/ts/url", g_dir);
    char *url = tu_read_file(path);
    if (!url)
        return -1;
    url[strcspn(url, "\n")] = '\0';
    snprintf(g_url, sizeof g_url, "%s", url);
    free(url);
    /* the five colour photos in one directory, the grey one in another */
    const char *assets = tu_env("LTBENCH_ASSETS_DIR");
    snprintf(g_photos, sizeof g_photos, "%s/colour", g_dir);
    snprintf(g_grey, sizeof g_grey, "%s/grey", g_dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' '%s' && for f in astronaut.png chelsea_224.png coffee.jpg "
             "hubble_deep_field.jpg rocket.jpg; do ln -s '%s/images/'$f '%s/'$f; done && "
             "ln -s '%s/images/camera_gray.png' '%s/camera_gray.png'",
             g_photos, g_grey, assets, g_photos, assets, g_grey);
    return system(cmd) == 0 ? 0 : -1;
}

static int stop_torchserve(void **state)
{
    (void)state;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/scripts/peer-torchserve' stop '%s/ts' >/dev/null && rm -rf '%s'",
             tu_env("LTBENCH_SOURCE_DIR"), g_dir, g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The reference's top-5 ids and probabilities of a photo (file name). */
static void reference_of(const char *reference, const char *photo, char *ids, char *probs, size_t cap)
{
    char key[300];
    snprintf(key, sizeof key, "%s\t", photo);
    const char *line = strstr(reference, key);
    if (!line)
        fail_msg("the reference has no line for %s:\n%s", photo, reference);
    line += strlen(key);
    size_t n = strcspn(line, "\t");
    snprintf(ids, cap, "%.*s", (int)n, line);
    line += n + 1;
    snprintf(probs, cap, "%.*s", (int)strcspn(line, "\n"), line);
}

/* Every row succeeded, with the reference's classes and probabilities. */
static void expect_reference(const char *out, const char *file, int rows, const char *reference)
{
    tu_csv run;
    tu_csv_read(out, file, &run);
    assert_int_equal(run.n, rows);
    char photo[256], ids[128], scores[128], want_ids[128], want_scores[128], ok[16], err[256];
    for (int r = 0; r < run.n; r++) {
        if (strcmp(tu_csv_text(&run, r, "Success", ok, sizeof ok), "True"))
            fail_msg("%s row %d failed: %s", file, r, tu_csv_text(&run, r, "Error_Message", err, sizeof err));
        tu_csv_text(&run, r, "Prompt_Input", photo, sizeof photo);
        const char *slash = strrchr(photo, '/');
        reference_of(reference, slash ? slash + 1 : photo, want_ids, want_scores, sizeof want_ids);
        if (strcmp(tu_csv_text(&run, r, "Top_K_Classes", ids, sizeof ids), want_ids))
            fail_msg("%s: TorchServe's top-5 %s, the reference's %s", photo, ids, want_ids);
        tu_csv_text(&run, r, "Top_K_Scores", scores, sizeof scores);
        char *a = scores, *b = want_scores;
        for (int k = 0; k < 5; k++) {
            double got = strtod(a, &a), want = strtod(b, &b);
            if (got < want - 2e-4 || got > want + 2e-4)
                fail_msg("%s: TorchServe's probability %d is %.4f, the reference's %.4f", photo, k, got, want);
        }
    }
    tu_csv_free(&run);
}

static void colour_photos_match_the_handlers_reference(void **state)
{
    (void)state;
    char cmd[4096], args[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/peers/torchserve_reference.py' '%s/resnet18.pt' '%s'/*",
             tu_env("LTBENCH_PYTHON"), tu_env("LTBENCH_SOURCE_DIR"), tu_env("LTBENCH_MODELS_DIR"),
             g_photos);
    tu_output ref;
    assert_int_equal(tu_run_shell(cmd, &ref), 0);
    assert_non_null(ref.out);

    char *out = tu_tempdir();
    snprintf(args, sizeof args, "image --url %s --api torchserve -c 1,2 -n 5 --images '%s' "
             "--output-dir '%s' --name ts -q", g_url, g_photos, out);
    tu_output o;
    if (tu_run_cli(args, &o) != 0)
        fail_msg("ltbench %s\n  exit %d: %s", args, o.code, o.err ? o.err : "");
    tu_output_free(&o);
    expect_reference(out, "ts_detailed.csv", 2 * 5, ref.out);

    snprintf(args, sizeof args, "image --url %s --api torchserve --model-version 1.0 -c 1 -n 5 "
             "--images '%s' --output-dir '%s' --name tsv -q", g_url, g_photos, out);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("ltbench %s\n  exit %d: %s", args, o.code, o.err ? o.err : "");
    tu_output_free(&o);
    expect_reference(out, "tsv_detailed.csv", 5, ref.out);
    /* -m resnet18 names the served model, no file here: the class names are the
     * models directory's */
    snprintf(args, sizeof args, "image --url %s --api torchserve -m resnet18 -c 1 -n 5 "
             "--images '%s' --output-dir '%s' --name tsm -q", g_url, g_photos, out);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("ltbench %s\n  exit %d: %s", args, o.code, o.err ? o.err : "");
    tu_output_free(&o);
    expect_reference(out, "tsm_detailed.csv", 5, ref.out);
    tu_output_free(&ref);

    /* the image bodies were never taken for JSON by TorchServe's worker */
    char path[700];
    snprintf(path, sizeof path, "%s/ts/logs/model_log.log", g_dir);
    char *log = tu_read_file(path);
    assert_non_null(log);
    assert_non_null(strstr(log, "resnet18"));
    if (strstr(log, "Failed json decoding"))
        fail_msg("TorchServe's worker tried an image body as JSON (%s)", path);
    free(log);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(out);
}

/* A run whose every request fails: exit 1, its rows written, each with needle. */
static void expect_failed_run(const char *out, const char *name, const char *extra, const char *images,
                              const char *needle)
{
    char args[4096], file[300], ok[16], err[512];
    snprintf(args, sizeof args, "image --url %s --api torchserve %s -c 1 -n 2 --images '%s' "
             "--output-dir '%s' --name %s -q", g_url, extra, images, out, name);
    tu_output o;
    int code = tu_run_cli(args, &o);
    if (code != 1)
        fail_msg("ltbench %s\n  exit %d (want 1): %s", args, code, o.err ? o.err : "");
    tu_output_free(&o);
    snprintf(file, sizeof file, "%s_detailed.csv", name);
    tu_csv run;
    tu_csv_read(out, file, &run);
    assert_int_equal(run.n, 2);
    for (int r = 0; r < run.n; r++) {
        assert_string_equal(tu_csv_text(&run, r, "Success", ok, sizeof ok), "False");
        if (!strstr(tu_csv_text(&run, r, "Error_Message", err, sizeof err), needle))
            fail_msg("%s row %d: error '%s' does not say '%s'", name, r, err, needle);
    }
    tu_csv_free(&run);
}

static void failures_are_counted_with_torchserves_message(void **state)
{
    (void)state;
    char *out = tu_tempdir();
    expect_failed_run(out, "grey", "", g_grey, "HTTP 503: Prediction failed");
    expect_failed_run(out, "version", "--model-version 9.9", g_photos,
                      "HTTP 404: Model version: 9.9 does not exist for model: resnet18");
    expect_failed_run(out, "unknown", "--model-name nosuch", g_photos, "HTTP 404: Model not found: nosuch");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(out);
}

int main(void)
{
    char venv[4096];
    snprintf(venv, sizeof venv, "%s/.venv-torchserve/bin/torchserve", tu_env("LTBENCH_SOURCE_DIR"));
    if (access(venv, X_OK) != 0 || system("java -version >/dev/null 2>&1") != 0) {
        printf("skipped: no .venv-torchserve/bin/torchserve or no java (run scripts/peer-torchserve "
               "install: TorchServe 0.12.0 from PyPI; Java 17)\n");
        return 77;
    }
    if (!getenv("LTBENCH_PYTHON") || !*getenv("LTBENCH_PYTHON")) {
        printf("skipped: no Python with torch for the reference (LTBENCH_PYTHON)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(colour_photos_match_the_handlers_reference),
        cmocka_unit_test(failures_are_counted_with_torchserves_message),
    };
    return cmocka_run_group_tests(tests, start_torchserve, stop_torchserve);
}
