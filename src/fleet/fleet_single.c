/* fleet_single.c — the fleet hook of the plain build (no MPI): a process never
 * joins a fleet, so every subcommand runs alone (see fleet.h). An LTBENCH_MPI
 * build compiles src/fleet/mpi/ instead of this file. */
#include "fleet.h"

ltb_fleet *ltb_fleet_join(ltb_config *cfg, const fleet_options *opt)
{
    (void)opt;
    if (ltb_fleet_launched_by_mpi() && !cfg->quiet)
        fprintf(stderr, "ltbench: started by an MPI launcher, but built without MPI: this "
                        "process runs alone (build with -DLTBENCH_MPI=ON for a fleet)\n");
    return NULL;
}

void ltb_fleet_attach(ltb_fleet *f, ltb_config *cfg)
{
    (void)f;
    (void)cfg;
}

int ltb_fleet_rank(const ltb_fleet *f)
{
    (void)f;
    return 0;
}

int ltb_fleet_size(const ltb_fleet *f)
{
    (void)f;
    return 1;
}

int ltb_fleet_broken(const ltb_fleet *f)
{
    (void)f;
    return 0;
}

void ltb_fleet_barrier(ltb_fleet *f)
{
    (void)f;
}

int ltb_fleet_gather(ltb_fleet *f, const void *mine, size_t len, ltb_fleet_bytes **all)
{
    (void)f;
    (void)mine;
    (void)len;
    *all = NULL;
    return -1;   /* never joined: there is no fleet to gather from */
}

void ltb_fleet_bytes_free(ltb_fleet_bytes *all, int n)
{
    (void)all;
    (void)n;
}

int ltb_fleet_report(ltb_fleet *f, const ltb_run *run, const char *failure, FILE *out)
{
    (void)f;
    (void)run;
    (void)failure;
    (void)out;
    return 0;
}

int ltb_fleet_leave(ltb_fleet *f, int code)
{
    (void)f;
    return code;
}
