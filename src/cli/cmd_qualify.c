/* cmd_qualify.c — `ltbench qualify`: run the fixed qualification battery on one
 * device and write its profile (one JSON file per device), or check a profile
 * against a known-good reference: PASS/FAIL per metric within a tolerance, and the
 * exit code says whether the card qualifies. */
#define _POSIX_C_SOURCE 200809L
#include "commands.h"
#include "atomic_file.h"
#include "cli_parse.h"
#include "interrupt.h"
#include "lt_shim.h"
#include "fleet.h"
#include "fleet_cli.h"
#include "qualify_battery.h"
#include "qualify_fleet.h"
#include "qualify_profile.h"
#include "report.h"
#include "report_path.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct qualify_args {
    qualify_options run;
    const char *reference;        /* --reference: check against it */
    const char *profile;          /* --profile: check this file instead of measuring */
    double tolerance;             /* fraction */
    const char *name;             /* profile file name without .json; NULL = from the device */
    fleet_options fleet;          /* under mpirun / srun */
    int help;
} qualify_args;

enum { OPT_DEVICE = 4000, OPT_QUICK, OPT_OUTPUT_DIR, OPT_REFERENCE, OPT_PROFILE, OPT_TOLERANCE,
       OPT_NAME };

static void usage(FILE *out)
{
    fprintf(out,
        "usage: ltbench qualify [options]\n"
        "Run the qualification battery on a device and write its profile, or check it\n"
        "against a known-good card's profile.\n"
        "      --device DEV         cuda:N or cpu (default cuda:0 when CUDA is available)\n"
        "      --quick              a small battery (ResNet-18 batch 1,2, tts_tiny, small\n"
        "                           matmul and copy): seconds on a CPU\n"
        "      --output-dir DIR     profile and the parts' result files (default ltbench_results)\n"
        "      --name NAME          profile file NAME.json (default qualify_<device name>_<uuid>)\n"
        "      --reference FILE     check against this profile: PASS/FAIL per metric\n"
        "      --tolerance PCT      how much worse than the reference still passes (default 5)\n"
        "      --profile FILE       check FILE against --reference without measuring\n"
        "  -q, --quiet              no progress lines\n"
        "Under mpirun or srun (an LTBENCH_MPI build) every rank runs the battery on its own\n"
        "device (--device cuda: cuda:<local rank>) at the same time; rank 0 writes every\n"
        "rank's profile, NAME_fleet.csv/json (NAME from --name, else qualify) and the\n"
        "verdict: a throughput metric more than --outlier-tolerance below the fleet's\n"
        "median flags the rank; exit 3 when the fleet failed.\n"
        "Battery: ResNet-50 fp32 and fp16 at batch 1, 32, 256 (IPS, GPU compute ms, J/image),\n"
        "tts_v1 (ASPS, RTF, streaming TTFA p50, J/audio-s), an 8192 matmul in fp32/fp16/bf16\n"
        "(TFLOP/s) and a 1 GiB device copy (GB/s, read + write).\n"
        "Exit: 0 done (and qualified), 1 a metric failed the reference, 2 bad input,\n"
        "3 the fleet failed (outlier, failed or missing rank), 130 interrupted.\n");
    fleet_cli_usage(out);
}

static int parse(int argc, char **argv, qualify_args *a, char *err, size_t errlen)
{
    static const struct option kOptions[] = {
        {"device", required_argument, NULL, OPT_DEVICE},
        {"quick", no_argument, NULL, OPT_QUICK},
        {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
        {"reference", required_argument, NULL, OPT_REFERENCE},
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"name", required_argument, NULL, OPT_NAME},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        LTB_FLEET_CLI_OPTIONS,
        {NULL, 0, NULL, 0}};
    lt_info info;
    lt_get_info(&info);
    memset(a, 0, sizeof *a);
    a->run.device = info.cuda_available ? "cuda" : "cpu";   /* a fleet binds "cuda" per rank */
    fleet_cli_defaults(&a->fleet);
    a->run.output_dir = "ltbench_results";
    a->tolerance = 0.05;
    optind = 0;
    opterr = 0;
    int opt;
    double pct;
    while ((opt = getopt_long(argc, argv, ":qh", kOptions, NULL)) != -1) {
        switch (opt) {
        case OPT_DEVICE:
            if (strcmp(optarg, "cpu") && strcmp(optarg, "cuda") && strncmp(optarg, "cuda:", 5)) {
                snprintf(err, errlen, "--device: '%s' is not cpu, cuda or cuda:N", optarg);
                return -1;
            }
            a->run.device = optarg;
            break;
        case OPT_QUICK: a->run.quick = 1; break;
        case OPT_OUTPUT_DIR: a->run.output_dir = optarg; break;
        case OPT_REFERENCE: a->reference = optarg; break;
        case OPT_PROFILE: a->profile = optarg; break;
        case OPT_TOLERANCE:
            if (ltb_parse_double("--tolerance", optarg, 0, 1000, &pct, err, errlen) != 0)
                return -1;
            a->tolerance = pct / 100.0;
            break;
        case OPT_NAME:
            if (!*optarg || strchr(optarg, '/')) {
                snprintf(err, errlen, "--name: '%s' must be a non-empty file name without '/'", optarg);
                return -1;
            }
            a->name = optarg;
            break;
        case 'q': a->run.quiet = 1; break;
        case 'h': a->help = 1; break;
        case OPT_FLEET_TOLERANCE:
        case OPT_FLEET_RANK_TIMEOUT:
        case OPT_FLEET_RANK_DELAY:
            if (fleet_cli_option(opt, optarg, &a->fleet, err, errlen) != 0)
                return -1;
            break;
        default:
            snprintf(err, errlen, opt == ':' ? "option '%s' needs a value (see ltbench qualify --help)"
                                             : "unknown option '%s' (see ltbench qualify --help)",
                     argv[optind - 1]);
            return -1;
        }
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s' (see ltbench qualify --help)", argv[optind]);
        return -1;
    }
    if (a->profile && !a->reference) {
        snprintf(err, errlen, "--profile needs --reference: a profile is checked against a reference");
        return -1;
    }
    return 0;
}

static void print_metrics(FILE *out, const qualify_profile *p)
{
    fprintf(out, "\nQualification profile: %s (%s)%s\n", p->name, p->uuid[0] ? p->uuid : p->device,
            p->quick ? ", quick battery" : "");
    for (int i = 0; i < p->n_metrics; i++) {
        const qualify_metric *m = &p->metrics[i];
        if (isfinite(m->value))
            fprintf(out, "  %-44s %14.4f %s\n", m->name, m->value, m->unit);
        else
            fprintf(out, "  %-44s %14s (%s)\n", m->name, "-", m->note);
    }
}

static int check(const qualify_profile *measured, const char *reference_path, const qualify_profile *ref,
                 double tolerance)
{
    (void)reference_path;
    return qualify_compare(stdout, measured, ref, tolerance) > 0 ? LTB_EXIT_FAILED_REQUESTS : LTB_EXIT_OK;
}

/* Joins the fleet when an MPI launcher started this process: the battery's device
 * and threads are bound per rank ("cuda" becomes cuda:<local rank>); alone, "cuda"
 * is cuda:0. */
static ltb_fleet *join_fleet(qualify_args *a)
{
    static ltb_config bound;      /* the fleet keeps it */
    memset(&bound, 0, sizeof bound);
    bound.device = a->run.device;
    bound.quiet = a->run.quiet;
    ltb_fleet *f = ltb_fleet_join(&bound, &a->fleet);
    a->run.device = !strcmp(bound.device, "cuda") ? "cuda:0" : bound.device;
    a->run.threads = bound.threads;
    a->run.quiet = bound.quiet;
    a->run.fleet = f;
    a->run.fleet_options = &a->fleet;
    return f;
}

static int write_own_profile(const qualify_args *a, const qualify_profile *p)
{
    char err[512], name[300], path[4096];
    if (a->name)
        snprintf(name, sizeof name, "%s", a->name);
    else
        qualify_profile_file_name(p, name, sizeof name);
    if (ltb_report_path(path, sizeof path, a->run.output_dir, name, ".json", err, sizeof err) != 0 ||
        qualify_profile_write(p, path, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench qualify: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    print_metrics(stdout, p);
    printf("profile: %s%s\n", path, ltb_interrupted() ? " (partial: interrupted)" : "");
    return ltb_interrupted() ? LTB_EXIT_INTERRUPTED : LTB_EXIT_OK;
}

/* Measures; alone, also checks against the reference (a fleet checks every rank). */
static int measure(qualify_args *a, qualify_profile *p, const qualify_profile *reference)
{
    char err[512];
    if (make_dirs(a->run.output_dir, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench qualify: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    ltb_interrupt_install();
    ltb_fleet *f = join_fleet(a);
    qualify_describe_device(&a->run, p);
    if (!a->run.quiet)
        fprintf(stderr, "ltbench qualify: %s on %s (%s)%s\n", p->name, a->run.device,
                p->uuid[0] ? p->uuid : "no UUID", a->run.quick ? ", quick battery" : "");
    qualify_run_battery(&a->run, p);
    if (f) {
        qualify_fleet_options fo = {a->run.output_dir, a->name, reference, a->tolerance,
                                    a->fleet.outlier_tolerance_pct};
        int code = ltb_fleet_broken(f) ? LTB_EXIT_FLEET_FAILED
                                       : qualify_fleet_finish(f, &fo, p, ltb_interrupted());
        return ltb_fleet_leave(f, code);
    }
    int code = write_own_profile(a, p);
    if (code != LTB_EXIT_OK || !reference)
        return code;
    return check(p, a->reference, reference, a->tolerance);
}

int cmd_qualify(int argc, char **argv)
{
    char err[512];
    qualify_args a;
    if (parse(argc, argv, &a, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench qualify: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    if (a.help) {
        usage(stdout);
        return LTB_EXIT_OK;
    }
    static qualify_profile measured, reference;
    memset(&measured, 0, sizeof measured);
    /* the reference is read first: a typo must not cost a whole battery */
    if (a.reference && qualify_profile_read(a.reference, &reference, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench qualify: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    if (a.profile) {
        if (qualify_profile_read(a.profile, &measured, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench qualify: %s\n", err);
            return LTB_EXIT_USAGE;
        }
        return check(&measured, a.reference, &reference, a.tolerance);
    }
    return measure(&a, &measured, a.reference ? &reference : NULL);
}
