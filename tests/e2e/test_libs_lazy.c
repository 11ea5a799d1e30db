/* test_libs_lazy.c — libsndfile, PLplot and (an LTBENCH_MPI build) the MPI fleet module
 * are opened on first use, never at start (src/base/sndfile_loader.c,
 * src/report/plplot_loader.c, src/fleet/fleet_mpi_loader.c): what the dynamic loader maps
 * is read from its own account (LD_DEBUG=files names every object it opens, at start and
 * by dlopen). An HTTP v2 client run with --no-plots maps none of them; a run that plots
 * maps PLplot; a TTS client run (WAV answers) maps libsndfile (test_mpi_* run fleets).
 * When they cannot be loaded ($LTBENCH_PLPLOT, $LTBENCH_SNDFILE, $LTBENCH_FLEET_MPI naming
 * what is not there or not them): plots are skipped in one line, the other reports
 * written, exit 0; WAV answers fail, each request counted as failed with the library
 * named; --save-audio refuses before the run; a rank refuses in one line, exit 2. */
#define _POSIX_C_SOURCE 200809L
#include "serve_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MISSING_DIR "/nonexistent/ltbench-test/"

/* `ltbench ARGS` with LD_DEBUG=files and ENV (shell assignments, may be "") in front. */
static int run_traced(const char *env, const char *args, tu_output *o)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "LD_DEBUG=files %s '%s' %s", env, tu_env("LTBENCH_BIN"), args);
    return tu_run_shell(cmd, o);
}

/* Whether the loader's account says it opened a file whose name holds lib. */
static int opened(const tu_output *o, const char *lib)
{
    char needle[128];
    snprintf(needle, sizeof needle, "file=%s", lib);
    return o->err && strstr(o->err, needle) != NULL;
}

static void expect_traced(const tu_output *o, const char *args)
{
    if (o->code != 0 || !opened(o, "libcurl"))   /* the account is there: libcurl is linked */
        fail_msg("ltbench %s\n  exit %d, stderr (LD_DEBUG=files) has no libcurl: %.2000s", args,
                 o->code, o->err ? o->err : "");
}

/* Whether the system's loader cache has a PLplot (the build links none to ask). */
static int plplot_installed(void)
{
    tu_output o;
    tu_run_shell("PATH=$PATH:/sbin:/usr/sbin ldconfig -p | grep -c 'libplplot\\.so\\.'", &o);
    int n = o.out ? atoi(o.out) : 0;
    tu_output_free(&o);
    return n > 0;
}

static void http_run_without_plots_maps_neither(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char *out = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "image --url %s --api v2 --synthetic 4 --binary-data -c 1 -n 4 "
             "-o csv --no-plots --output-dir '%s' --name v2 -q", s.url, out);
    tu_output o;
    run_traced("", args, &o);
    tu_server_stop(&s);
    expect_traced(&o, args);
    if (opened(&o, "libsndfile") || opened(&o, "libplplot") || opened(&o, "libmpi") ||
        opened(&o, "liblt_fleet_mpi"))
        fail_msg("ltbench %s maps libsndfile, PLplot or MPI:\n%.4000s", args, o.err);
    tu_output_free(&o);
    char *csv = tu_path(out, "v2_summary.csv");
    assert_true(tu_file_exists(csv));
    free(csv);
    free(out);
}

static void a_plotting_run_maps_plplot_only(void **state)
{
    (void)state;
    char *out = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "image --target null --synthetic 1 -c 1,2 -n 4 -o csv "
             "--output-dir '%s' --name p", out);
    tu_output o;
    run_traced("", args, &o);
    if (strstr(o.err ? o.err : "", "plots: off (built without PLplot)")) {
        tu_output_free(&o);
        free(out);
        skip();
    }
    expect_traced(&o, args);
    if (!opened(&o, "libplplot") || opened(&o, "libsndfile"))
        fail_msg("ltbench %s: PLplot not mapped, or libsndfile mapped:\n%.4000s", args, o.err);
    tu_output_free(&o);
    char *png = tu_path(out, "p_throughput.png");
    assert_true(tu_file_exists(png));
    free(png);
    free(out);
}

static void a_tts_client_maps_sndfile(void **state)
{
    (void)state;
    tu_server s;
    tu_serve_start(&s, NULL);
    char *out = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "tts --url %s -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" "
             "--api python -c 1 -n 2 -o csv --no-plots --output-dir '%s' --name t -q", s.url, out);
    tu_output o, nosf;
    run_traced("", args, &o);

    /* without libsndfile every WAV answer is a failed request naming it */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "LTBENCH_SNDFILE=" MISSING_DIR "libsndfile.so.1 '%s' tts --url %s "
             "-m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --api python -c 1 -n 2 -o csv --no-plots "
             "--output-dir '%s' --name nosf -q",
             tu_env("LTBENCH_BIN"), s.url, out);
    tu_run_shell(cmd, &nosf);
    tu_server_stop(&s);   /* before any check can fail: no server left behind */

    expect_traced(&o, args);
    if (!opened(&o, "libsndfile") || opened(&o, "libplplot"))
        fail_msg("ltbench %s: libsndfile not mapped, or PLplot mapped:\n%.4000s", args, o.err);
    tu_output_free(&o);
    o = nosf;
    if (o.code == 0 || o.code >= 128)
        fail_msg("without libsndfile: exit %d (want a failure, not a crash)\n%s", o.code, o.err);
    tu_csv d;
    tu_csv_read(out, "nosf_detailed.csv", &d);
    assert_int_equal(d.n, 2);
    char buf[1024];
    for (int r = 0; r < d.n; r++)
        if (!strstr(tu_csv_text(&d, r, "Error_Message", buf, sizeof buf),
                    "cannot load " MISSING_DIR "libsndfile.so.1"))
            fail_msg("request %d's error does not name the library: %s", r, buf);
    tu_csv_free(&d);
    tu_output_free(&o);
    free(out);
}

static void save_audio_without_sndfile_refuses_before_the_run(void **state)
{
    (void)state;
    char *out = tu_tempdir();
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "LTBENCH_SNDFILE=" MISSING_DIR "libsndfile.so.1 '%s' tts "
             "-m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1 -n 1 -q --no-plots --output-dir '%s' "
             "--save-audio '%s/wav'", tu_env("LTBENCH_BIN"), out, out);
    tu_output o;
    tu_run_shell(cmd, &o);
    if (o.code == 0 || o.code >= 128 || !tu_is_one_line(o.err) ||
        !strstr(o.err, "cannot load " MISSING_DIR "libsndfile.so.1"))
        fail_msg("--save-audio without libsndfile: exit %d, stderr: %s", o.code,
                 o.err ? o.err : "");
    tu_output_free(&o);
    char *summary = tu_path(out, "tts_tiny_summary.csv");
    assert_false(tu_file_exists(summary));   /* refused before timing: no report */
    free(summary);
    free(out);
}

/* PLplot that cannot be loaded (missing, or a library that is not PLplot): one line,
 * no plot, the CSV written, exit 0, as when PLplot lacks a device. */
static void plots_skipped_when_plplot_cannot_load(void **state)
{
    (void)state;
    if (!plplot_installed())
        skip();
    const char *libs[][2] = {{MISSING_DIR "libplplot.so.17", MISSING_DIR "libplplot.so.17"},
                             {"libz.so.1", "has no plgDevs"}};
    for (int i = 0; i < 2; i++) {
        char *out = tu_tempdir();
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "LTBENCH_PLPLOT='%s' '%s' image --target null --synthetic 1 "
                 "-c 1 -n 2 -o csv --output-dir '%s' --name p", libs[i][0], tu_env("LTBENCH_BIN"),
                 out);
        tu_output o;
        tu_run_shell(cmd, &o);
        char want[512];
        snprintf(want, sizeof want, "plots: off (cannot load %s (", libs[i][0]);
        const char *line = o.err ? strstr(o.err, want) : NULL;
        if (o.code != 0 || !line || !strstr(line, libs[i][1]) || strstr(line + 1, "plots: off"))
            fail_msg("LTBENCH_PLPLOT=%s: exit %d, stderr: %s", libs[i][0], o.code,
                     o.err ? o.err : "");
        tu_output_free(&o);
        char *csv = tu_path(out, "p_summary.csv"), *png = tu_path(out, "p_throughput.png");
        assert_true(tu_file_exists(csv));
        assert_false(tu_file_exists(png));
        free(csv);
        free(png);
        free(out);
    }
}

/* A process an MPI launcher started (its variable set by hand here: no mpirun needed)
 * whose fleet module cannot be loaded: one line naming it, exit 2, before any run. */
static void a_rank_without_its_fleet_module_is_one_line(void **state)
{
    (void)state;
#ifndef LTBENCH_MPI
    skip();   /* the plain build has no module: a launched process runs alone */
#else
    const char *modules[][2] = {
        {MISSING_DIR "liblt_fleet_mpi.so", MISSING_DIR "liblt_fleet_mpi.so"},
        {"libz.so.1", "is not this ltbench's fleet module"}};
    for (int i = 0; i < 2; i++) {
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "OMPI_COMM_WORLD_SIZE=1 LTBENCH_FLEET_MPI='%s' '%s' image "
                 "--target null --synthetic 1 -c 1 -n 1 -q --no-plots -o csv "
                 "--output-dir /nonexistent",
                 modules[i][0], tu_env("LTBENCH_BIN"));
        tu_output o;
        tu_run_shell(cmd, &o);
        if (o.code != 2 || !tu_is_one_line(o.err) ||
            !strstr(o.err, "cannot load liblt_fleet_mpi.so (") || !strstr(o.err, modules[i][1]))
            fail_msg("LTBENCH_FLEET_MPI=%s: exit %d, stderr: %s", modules[i][0], o.code,
                     o.err ? o.err : "");
        tu_output_free(&o);
    }
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(http_run_without_plots_maps_neither),
        cmocka_unit_test(a_plotting_run_maps_plplot_only),
        cmocka_unit_test(a_tts_client_maps_sndfile),
        cmocka_unit_test(save_audio_without_sndfile_refuses_before_the_run),
        cmocka_unit_test(plots_skipped_when_plplot_cannot_load),
        cmocka_unit_test(a_rank_without_its_fleet_module_is_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
