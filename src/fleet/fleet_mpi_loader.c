/* fleet_mpi_loader.c — the fleet hook of an LTBENCH_MPI build (fleet_single.c's place):
 * fleet.h's functions as forwarders to liblt_fleet_mpi.so (src/fleet/mpi/, the only code
 * that links Open MPI), which is dlopened only when an MPI launcher started this process
 * (ltb_fleet_join), so any other run never maps libmpi and what it pulls in. The module
 * is looked for at $LTBENCH_FLEET_MPI (only there, when set), beside the executable, and
 * at the build's own path; it is handed the table of the libltbench functions it calls
 * (fleet/mpi/fleet_mpi_entries.h). A module that cannot be loaded is one line, exit 2.
 * With f == NULL (not a rank) every function behaves as in fleet_single.c. */
#include "fleet.h"
#include "fleet_mpi_entries.h"
#include "run_exit_code.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LTBENCH_FLEET_MPI_BUILD_PATH
#define LTBENCH_FLEET_MPI_BUILD_PATH ""
#endif
#define MODULE_NAME "liblt_fleet_mpi.so"

#define HOST_ENTRY(ret, name, params, args) .name = name,
#define HOST_ENTRY_VOID(name, params, args) .name = name,
static const fleet_mpi_host kHost = {
    .size = sizeof(fleet_mpi_host),
    .build = FLEET_MPI_BUILD,
    FLEET_MPI_HOST_FUNCTIONS(HOST_ENTRY, HOST_ENTRY_VOID)
};
#undef HOST_ENTRY
#undef HOST_ENTRY_VOID

static const fleet_mpi_table *g_module;   /* set by the first join of a launched process */

/* path's table; NULL with why. */
static const fleet_mpi_table *open_module(const char *path, char *why, size_t whylen)
{
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, whylen, "%s", e ? e : path);
        return NULL;
    }
    void *sym = dlsym(lib, FLEET_MPI_ENTRY);
    fleet_mpi_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);   /* object to function pointer */
    const fleet_mpi_table *t = sym ? entry(&kHost) : NULL;
    if (!t || t->size != sizeof *t || !t->build || strcmp(t->build, FLEET_MPI_BUILD)) {
        snprintf(why, whylen, "%s is not this ltbench's fleet module (%s, another build?)",
                 path, FLEET_MPI_BUILD);
        return NULL;
    }
    return t;
}

/* Loads the module, or exits 2 with one line (every rank says it: none can run). */
static const fleet_mpi_table *module(void)
{
    if (g_module)
        return g_module;
    static char why[8192], places[2][4200];
    const char *chosen = getenv("LTBENCH_FLEET_MPI");
    if (chosen && chosen[0]) {
        snprintf(places[0], sizeof places[0], "%s", chosen);
    } else {
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
        if (slash)
            snprintf(places[0], sizeof places[0], "%.*s/" MODULE_NAME, (int)(slash - exe), exe);
        snprintf(places[1], sizeof places[1], "%s", LTBENCH_FLEET_MPI_BUILD_PATH);
    }
    snprintf(why, sizeof why, "not found at '%s'%s%s%s; LTBENCH_FLEET_MPI=PATH names it",
             places[0], places[1][0] ? ", '" : "", places[1], places[1][0] ? "'" : "");
    for (int i = 0; i < 2; i++)
        if (places[i][0] && (chosen || access(places[i], F_OK) == 0)) {
            g_module = open_module(places[i], why, sizeof why);
            break;
        }
    if (!g_module) {
        fprintf(stderr, "ltbench: started by an MPI launcher, cannot load " MODULE_NAME " (%s)\n",
                why);
        exit(LTB_EXIT_USAGE);
    }
    return g_module;
}

ltb_fleet *ltb_fleet_join(ltb_config *cfg, const fleet_options *opt)
{
    if (!ltb_fleet_launched_by_mpi())
        return NULL;   /* not a rank: nothing of MPI is mapped */
    return module()->ltb_fleet_join(cfg, opt);
}

void ltb_fleet_attach(ltb_fleet *f, ltb_config *cfg)
{
    if (f)
        g_module->ltb_fleet_attach(f, cfg);
}

int ltb_fleet_rank(const ltb_fleet *f)
{
    return f ? g_module->ltb_fleet_rank(f) : 0;
}

int ltb_fleet_size(const ltb_fleet *f)
{
    return f ? g_module->ltb_fleet_size(f) : 1;
}

int ltb_fleet_broken(const ltb_fleet *f)
{
    return f ? g_module->ltb_fleet_broken(f) : 0;
}

void ltb_fleet_barrier(ltb_fleet *f)
{
    if (f)
        g_module->ltb_fleet_barrier(f);
}

int ltb_fleet_gather(ltb_fleet *f, const void *mine, size_t len, ltb_fleet_bytes **all)
{
    if (f)
        return g_module->ltb_fleet_gather(f, mine, len, all);
    *all = NULL;
    return -1;   /* never joined: there is no fleet to gather from */
}

void ltb_fleet_bytes_free(ltb_fleet_bytes *all, int n)
{
    if (g_module)
        g_module->ltb_fleet_bytes_free(all, n);
}

int ltb_fleet_report(ltb_fleet *f, const ltb_run *run, const char *failure, FILE *out)
{
    return f ? g_module->ltb_fleet_report(f, run, failure, out) : 0;
}

int ltb_fleet_leave(ltb_fleet *f, int code)
{
    return f ? g_module->ltb_fleet_leave(f, code) : code;
}
