/* test_shim_lazy.c — liblt_shim.so (and with it LibTorch) is loaded on the first lt_*
 * call, never at start (src/base/shim_loader.c). With LTBENCH_SHIM naming a file that
 * does not exist, whatever needs no LibTorch still works — --help, an HTTP client run
 * against `ltbench serve` (which itself loads the shim for its model), `compare` of that
 * run — and says at exit (LTBENCH_SHIM_REPORT=1) that it loaded nothing; its JSON has no
 * torch_version. What needs LibTorch loads it transparently (`info` says where from), and
 * refuses in one line, exit 2, when it cannot: a missing file, a file that is no library,
 * a library that is not the shim. */
#define _POSIX_C_SOURCE 200809L
#include "serve_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MISSING_SHIM "/nonexistent/ltbench-test/liblt_shim.so"
#define NOT_LOADED "ltbench: liblt_shim.so not loaded"

/* `ltbench ARGS` with the environment ENV (shell assignments) in front. */
static int run_with(const char *env, const char *args, tu_output *o)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s '%s' %s", env, tu_env("LTBENCH_BIN"), args);
    return tu_run_shell(cmd, o);
}

static void expect_ok_not_loaded(const char *args)
{
    tu_output o;
    int code = run_with("LTBENCH_SHIM=" MISSING_SHIM " LTBENCH_SHIM_REPORT=1", args, &o);
    if (code != 0 || !o.err || !strstr(o.err, NOT_LOADED))
        fail_msg("ltbench %s (LTBENCH_SHIM missing)\n  exit %d, stderr: %s", args, code,
                 o.err ? o.err : "");
    tu_output_free(&o);
}

/* `ltbench ARGS` with LTBENCH_SHIM=SHIM: exit 2, one stderr line naming the load and
 * holding needle. */
static void expect_cannot_load(const char *shim, const char *args, const char *needle)
{
    char env[1024];
    snprintf(env, sizeof env, "LTBENCH_SHIM='%s'", shim);
    tu_output o;
    int code = run_with(env, args, &o);
    if (code != 2 || !tu_is_one_line(o.err) ||
        strncmp(o.err, "ltbench: cannot load liblt_shim.so (", 36) || !strstr(o.err, needle))
        fail_msg("ltbench %s (LTBENCH_SHIM=%s)\n  exit %d, stderr: %s", args, shim, code,
                 o.err ? o.err : "(none)");
    tu_output_free(&o);
}

static void help_and_version_load_nothing(void **state)
{
    (void)state;
    expect_ok_not_loaded("--help");
    expect_ok_not_loaded("--version");
    expect_ok_not_loaded("image --help");
    expect_ok_not_loaded("serve --help");
}

static void http_run_and_compare_load_nothing(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char *out = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "image --url %s --api v2 --binary-data -c 1,2 -n 4 -o json,csv "
             "--no-plots --images '%s/images' --output-dir '%s' --name v2 -q", s.url,
             tu_env("LTBENCH_ASSETS_DIR"), out);
    expect_ok_not_loaded(args);
    tu_server_stop(&s);

    cJSON *json = tu_read_json(out, "v2.json");
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(json, "environment");
    const cJSON *torch = cJSON_GetObjectItemCaseSensitive(env, "torch_version");
    assert_true(cJSON_IsString(torch));
    assert_string_equal(torch->valuestring, "");   /* this client never had LibTorch */
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(json, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 2);
    cJSON_Delete(json);

    snprintf(args, sizeof args, "compare '%s/v2.json' '%s/v2.json' --output-dir '%s' --name cmp",
             out, out, out);
    expect_ok_not_loaded(args);
    free(out);
}

static void what_needs_libtorch_loads_it(void **state)
{
    (void)state;
    tu_output o;
    int code = run_with("LTBENCH_SHIM_REPORT=1", "info", &o);
    if (code != 0 || !strstr(o.out, "libtorch ") ||
        !strstr(o.err, "ltbench: liblt_shim.so loaded from ") || !strstr(o.err, "liblt_shim.so\n"))
        fail_msg("ltbench info\n  exit %d, stdout: %s\nstderr: %s", code, o.out ? o.out : "",
                 o.err ? o.err : "");
    tu_output_free(&o);
}

static void a_shim_that_cannot_load_is_one_line(void **state)
{
    (void)state;
    expect_cannot_load(MISSING_SHIM, "info", MISSING_SHIM);
    char *dir = tu_tempdir();
    char *text = tu_path(dir, "liblt_shim.so");
    FILE *f = fopen(text, "w");
    assert_non_null(f);
    fputs("not a shared library\n", f);
    fclose(f);
    expect_cannot_load(text, "info", text);
    char models[1024];
    snprintf(models, sizeof models, "image -m '%s/resnet18.pt' -n 1 -q --no-plots --output-dir '%s'",
             tu_env("LTBENCH_MODELS_DIR"), dir);
    expect_cannot_load(text, models, text);   /* an in-process run, refused before timing */
    free(text);
    free(dir);
}

/* A real shared library that is not ltbench's shim (zlib's, which ltbench links). */
static void a_library_that_is_not_the_shim_is_one_line(void **state)
{
    (void)state;
    tu_output o;
    int code = tu_run_shell("PATH=$PATH:/sbin:/usr/sbin ldconfig -p | awk '/libz\\.so\\.1 / {print $NF; exit}'", &o);
    assert_int_equal(code, 0);
    char zlib[512] = "";
    sscanf(o.out ? o.out : "", "%511s", zlib);
    tu_output_free(&o);
    if (!zlib[0])
        fail_msg("ldconfig -p lists no libz.so.1");
    expect_cannot_load(zlib, "info", "lt_shim_entry_points");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_and_version_load_nothing),
        cmocka_unit_test(http_run_and_compare_load_nothing),
        cmocka_unit_test(what_needs_libtorch_loads_it),
        cmocka_unit_test(a_shim_that_cannot_load_is_one_line),
        cmocka_unit_test(a_library_that_is_not_the_shim_is_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
