/* cmd_compare.c — `ltbench compare A.json B.json [C.json...]`: reads ltbench
 * result files, prints the levels side by side with each file's overhead against
 * the first (model time vs transport + serialisation) and writes the comparison
 * files (see compare.h). */
#define _POSIX_C_SOURCE 200809L
#include "commands.h"
#include "compare.h"
#include "plot.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMPARE_FILES 16

enum { OPT_OUTPUT_DIR = 6000, OPT_NAME };

typedef struct compare_args {
    const char *output_dir;
    char name[256];
    int quiet, help;
    const char *paths[MAX_COMPARE_FILES];
    int n_paths;
} compare_args;

static void usage(FILE *out)
{
    fprintf(out,
        "usage: ltbench compare A.json B.json [C.json...] [options]\n"
        "Compares ltbench result files level by level (concurrency x batch): throughput, RPS,\n"
        "latency p50/p95/p99, and each file's overhead against the first (usually the in-process\n"
        "run) in ms per request: model time (forward mean, or the server's processing_time mean)\n"
        "and transport + serialisation (the rest of the latency).\n"
        "      --output-dir DIR   where files go (default ltbench_results)\n"
        "      --name NAME        base name: NAME_comparison.csv, NAME_detailed_comparison.csv,\n"
        "                         NAME.json (default: the labels joined by _vs_)\n"
        "  -q, --quiet            no console table\n");
}

static int parse_args(int argc, char **argv, compare_args *a, char *err, size_t errlen)
{
    static const struct option kOptions[] = {
        {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
        {"name", required_argument, NULL, OPT_NAME},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->output_dir = "ltbench_results";
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":qh", kOptions, NULL)) != -1) {
        switch (opt) {
        case OPT_OUTPUT_DIR: a->output_dir = optarg; break;
        case OPT_NAME:
            if (!*optarg || strchr(optarg, '/')) {
                snprintf(err, errlen, "--name: '%s' must be a non-empty file name without '/'", optarg);
                return -1;
            }
            snprintf(a->name, sizeof a->name, "%s", optarg);
            break;
        case 'q': a->quiet = 1; break;
        case 'h': a->help = 1; return 0;
        default:
            snprintf(err, errlen, opt == ':' ? "option '%s' needs a value (see ltbench compare --help)"
                                             : "unknown option '%s' (see ltbench compare --help)",
                     argv[optind - 1]);
            return -1;
        }
    }
    for (; optind < argc; optind++) {
        if (a->n_paths == MAX_COMPARE_FILES) {
            snprintf(err, errlen, "at most %d files can be compared", MAX_COMPARE_FILES);
            return -1;
        }
        a->paths[a->n_paths++] = argv[optind];
    }
    if (a->n_paths < 2) {
        snprintf(err, errlen, "give at least two result files (see ltbench compare --help)");
        return -1;
    }
    return 0;
}

static void default_name(const ltb_compare_file *files, int n, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < n && used < cap; k++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", k ? "_vs_" : "", files[k].label);
}

static int compare(const compare_args *a, ltb_compare_file *files, char *err, size_t errlen)
{
    int n = a->n_paths;
    if (ltb_compare_same_task(files, n, err, errlen) != 0)
        return -1;
    ltb_compare_unique_labels(files, n);
    char name[256];
    if (a->name[0])
        snprintf(name, sizeof name, "%s", a->name);
    else
        default_name(files, n, name, sizeof name);
    if (!a->quiet)
        ltb_compare_print(stdout, files, n);
    if (ltb_compare_write(files, n, a->output_dir, name, err, errlen) != 0)
        return -1;
    if (ltb_plot_available() && ltb_compare_plot(files, n, a->output_dir, name, err, errlen) != 0)
        return -1;
    if (!a->quiet)
        fprintf(stderr, "ltbench: comparison in %s/%s_comparison.csv, %s_detailed_comparison.csv and %s.json\n",
                a->output_dir, name, name, name);
    return 0;
}

int cmd_compare(int argc, char **argv)
{
    char err[1024];
    compare_args a;
    if (parse_args(argc, argv, &a, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench compare: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    if (a.help) {
        usage(stdout);
        return LTB_EXIT_OK;
    }
    ltb_compare_file *files = calloc((size_t)a.n_paths, sizeof *files);
    int loaded = 0, rc = files ? 0 : -1;
    if (!files)
        snprintf(err, sizeof err, "out of memory");
    for (; rc == 0 && loaded < a.n_paths; loaded++)
        if (ltb_compare_load(a.paths[loaded], &files[loaded], err, sizeof err) != 0)
            rc = -1;
    if (rc == 0)
        rc = compare(&a, files, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ltbench compare: %s\n", err);
    for (int k = 0; files && k < loaded; k++)
        ltb_compare_file_free(&files[k]);
    free(files);
    return rc == 0 ? LTB_EXIT_OK : LTB_EXIT_USAGE;
}
