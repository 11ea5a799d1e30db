/* qualify_fleet.c — the end of a fleet qualification (see qualify_fleet.h): every
 * rank's profile to rank 0, which writes each to its own file, checks each against
 * the reference, judges the fleet and writes the fleet's reports. */
#include "qualify_fleet.h"

#include "run_exit_code.h"
#include "report.h"
#include "report_path.h"

#include <stdlib.h>
#include <string.h>

/* The profile's file: NAME_rank<r>, or its default name (unique by the GPU's UUID;
 * without one, with _rank<r> added so CPU ranks on one host do not collide). */
static int write_profile(const qualify_fleet_options *o, int r, const qualify_profile *p, char *path,
                         size_t cap, char *err, size_t errlen)
{
    char name[400];
    if (o->name) {
        snprintf(name, sizeof name, "%s_rank%d", o->name, r);
    } else {
        qualify_profile_file_name(p, name, sizeof name - 16);
        if (!p->uuid[0])
            snprintf(name + strlen(name), sizeof name - strlen(name), "_rank%d", r);
    }
    if (ltb_report_path(path, cap, o->output_dir, name, ".json", err, errlen) != 0 ||
        qualify_profile_write(p, path, err, errlen) != 0) {
        path[0] = '\0';
        return -1;
    }
    return 0;
}

/* The gathered bytes as profiles: a rank whose bytes are not one profile is missing. */
static void take_profiles(const ltb_fleet_bytes *all, qualify_fleet_result *fr)
{
    for (int r = 0; r < fr->size; r++) {
        qualify_fleet_rank *rk = &fr->ranks[r];
        rk->reference_failures = -1;
        if (all[r].data && all[r].len == sizeof(qualify_profile)) {
            qualify_profile *p = all[r].data;
            p->n_metrics = p->n_metrics < 0 ? 0
                         : p->n_metrics > LTB_QUALIFY_MAX_METRICS ? LTB_QUALIFY_MAX_METRICS
                         : p->n_metrics;
            rk->profile = p;
        } else {
            snprintf(rk->missing, sizeof rk->missing, "%s",
                     all[r].data ? "its profile could not be read (a different ltbench build?)"
                     : all[r].missing[0] ? all[r].missing : "no profile arrived");
        }
    }
}

static int finish_on_rank0(const qualify_fleet_options *o, ltb_fleet_bytes *all, int size,
                           int interrupted)
{
    qualify_fleet_result fr;
    memset(&fr, 0, sizeof fr);
    fr.size = size;
    fr.tolerance_pct = o->outlier_tolerance_pct;
    fr.interrupted = interrupted;
    fr.ranks = calloc((size_t)size, sizeof *fr.ranks);
    if (!fr.ranks) {
        fprintf(stderr, "ltbench qualify: out of memory judging the fleet\n");
        return LTB_EXIT_USAGE;
    }
    take_profiles(all, &fr);
    int code = LTB_EXIT_OK;
    char err[512];
    for (int r = 0; r < size; r++) {
        qualify_fleet_rank *rk = &fr.ranks[r];
        if (!rk->profile)
            continue;
        if (write_profile(o, r, rk->profile, rk->profile_file, sizeof rk->profile_file, err,
                          sizeof err) != 0) {
            fprintf(stderr, "ltbench qualify: rank %d: %s\n", r, err);
            code = LTB_EXIT_USAGE;
        }
        if (o->reference) {
            printf("\nRank %d (%s, %s):", r, rk->profile->hostname, rk->profile->device);
            rk->reference_failures = qualify_compare(stdout, rk->profile, o->reference,
                                                     o->reference_tolerance);
        }
    }
    if (qualify_fleet_judge(&fr) != 0) {
        fprintf(stderr, "ltbench qualify: out of memory judging the fleet\n");
        code = LTB_EXIT_USAGE;
    } else {
        qualify_fleet_print(stdout, &fr);
        const char *base = o->name ? o->name : "qualify";
        if (qualify_fleet_write(&fr, o->output_dir, base, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench qualify: %s\n", err);
            code = LTB_EXIT_USAGE;
        } else {
            printf("fleet: %s/%s_fleet.{csv,json}%s\n", o->output_dir, base,
                   interrupted ? " (partial: interrupted)" : "");
        }
        if (code == LTB_EXIT_OK)
            code = qualify_fleet_exit_code(&fr);
    }
    qualify_fleet_free(&fr);
    free(fr.ranks);
    return code;
}

int qualify_fleet_finish(ltb_fleet *f, const qualify_fleet_options *o, const qualify_profile *mine,
                         int interrupted)
{
    ltb_fleet_bytes *all = NULL;
    if (ltb_fleet_gather(f, mine, sizeof *mine, &all) != 0) {
        fprintf(stderr, "ltbench qualify: rank %d: its profile did not reach rank 0\n",
                ltb_fleet_rank(f));
        return LTB_EXIT_USAGE;
    }
    if (!all)
        return LTB_EXIT_OK;   /* not rank 0: handed over */
    int size = ltb_fleet_size(f);
    int code = finish_on_rank0(o, all, size, interrupted);
    ltb_fleet_bytes_free(all, size);
    return code;
}
