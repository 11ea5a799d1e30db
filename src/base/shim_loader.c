/* shim_loader.c — the lt_* functions of shim/lt_shim.h, each a forwarder made from the
 * list shim/lt_shim_entries.h: the first call of any of them (pthread_once, so many
 * threads may race to it) dlopens liblt_shim.so, which maps and initialises LibTorch,
 * takes its table of entry points (shim/lt_shim_table.h) and checks that the table is
 * the one this harness was compiled against; every call then goes through the table.
 * ltbench itself has no link-time dependency on the shim (see shim_loader.h). */
#define _XOPEN_SOURCE 700   /* realpath */
#include "shim_loader.h"
#include "lt_shim.h"
#include "lt_shim_table.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The build's own liblt_shim.so (src/CMakeLists.txt): the last place looked. */
#ifndef LTBENCH_SHIM_BUILD_PATH
#define LTBENCH_SHIM_BUILD_PATH ""
#endif

enum { SHIM_PATH_MAX = 4096, SHIM_CANDIDATES = 4 };
#define SHIM_LOAD_FAILED_EXIT 2   /* LTB_EXIT_USAGE (core/run_exit_code.h), as for a model file */

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static const lt_shim_table *g_table;
static char g_path[SHIM_PATH_MAX];
static atomic_int g_loaded;

/* dlopen path and take its table; 0, or -1 with the reason in why. On failure the
 * library stays mapped: the process is about to exit, and unloading a half-used
 * LibTorch is riskier than leaving it. */
static int open_shim(const char *path, char *why, size_t whylen)
{
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, whylen, "%s", e ? e : path);
        return -1;
    }
    void *sym = dlsym(lib, LT_SHIM_ENTRY_POINTS);
    if (!sym) {
        snprintf(why, whylen, "%s has no %s: not ltbench's shim, or one older than this ltbench", path, LT_SHIM_ENTRY_POINTS);
        return -1;
    }
    const lt_shim_table *(*entry_points)(void);
    memcpy(&entry_points, &sym, sizeof entry_points);   /* object to function pointer */
    const lt_shim_table *t = entry_points();
    if (!t || t->size != sizeof *t || !t->signature || strcmp(t->signature, lt_shim_signature)) {
        snprintf(why, whylen, "%s: its entry points are not this ltbench's "
                 "(shim/lt_shim_entries.h differs: a liblt_shim.so of another build?)", path);
        return -1;
    }
    g_table = t;
    char *real = realpath(path, NULL);   /* ".../tests/../shim/x.so" said plainly */
    snprintf(g_path, sizeof g_path, "%s", real ? real : path);
    free(real);
    return 0;
}

/* The folder of the running executable into dir; -1 when /proc does not say. */
static int executable_dir(char *dir, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", dir, len - 1);
    if (n <= 0)
        return -1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

/* The places looked at, in order, when LTBENCH_SHIM is not set; how many. */
static int candidate_paths(char paths[SHIM_CANDIDATES][SHIM_PATH_MAX])
{
    static const char *const beside_executable[] = {"liblt_shim.so", "shim/liblt_shim.so",
                                                    "../shim/liblt_shim.so"};
    static char dir[SHIM_PATH_MAX - 32];   /* called once, from load_shim */
    int n = 0;
    if (executable_dir(dir, sizeof dir) == 0)
        for (size_t i = 0; i < sizeof beside_executable / sizeof *beside_executable; i++)
            snprintf(paths[n++], SHIM_PATH_MAX, "%s/%s", dir, beside_executable[i]);
    if (LTBENCH_SHIM_BUILD_PATH[0])
        snprintf(paths[n++], SHIM_PATH_MAX, "%s", LTBENCH_SHIM_BUILD_PATH);
    return n;
}

/* Runs once (pthread_once); its buffers are static so that a first call from a thread
 * with a small stack costs that stack nothing. */
static void load_shim(void)
{
    static char why[2 * SHIM_PATH_MAX];
    const char *chosen = getenv("LTBENCH_SHIM");
    int ok = 0;
    if (chosen && chosen[0]) {
        ok = open_shim(chosen, why, sizeof why) == 0;
    } else {
        static char paths[SHIM_CANDIDATES][SHIM_PATH_MAX];
        int n = candidate_paths(paths), found = 0;
        for (int i = 0; i < n && !found; i++) {
            if (access(paths[i], F_OK) == 0) {
                found = 1;
                ok = open_shim(paths[i], why, sizeof why) == 0;
            }
        }
        if (!found) {
            size_t used = (size_t)snprintf(why, sizeof why, "not found at");
            for (int i = 0; i < n && used < sizeof why; i++)
                used += (size_t)snprintf(why + used, sizeof why - used, "%s %s", i ? "," : "",
                                         paths[i]);
            if (used < sizeof why)
                snprintf(why + used, sizeof why - used, "; LTBENCH_SHIM=PATH names it");
        }
    }
    if (!ok) {
        fprintf(stderr, "ltbench: cannot load liblt_shim.so (%s)\n", why);
        exit(SHIM_LOAD_FAILED_EXIT);
    }
    atomic_store(&g_loaded, 1);
}

static const lt_shim_table *shim(void)
{
    pthread_once(&g_once, load_shim);
    return g_table;
}

int ltb_shim_loaded(void)
{
    return atomic_load(&g_loaded);
}

void ltb_shim_report_if_asked(FILE *out)
{
    const char *asked = getenv("LTBENCH_SHIM_REPORT");
    if (!asked || !asked[0] || !strcmp(asked, "0"))
        return;
    if (ltb_shim_loaded())
        fprintf(out, "ltbench: liblt_shim.so loaded from %s\n", g_path);
    else
        fprintf(out, "ltbench: liblt_shim.so not loaded\n");
}

/* The forwarders: one per line of the list. */
#define LT_SHIM_FN(ret, name, params, args) \
    ret name params                         \
    {                                       \
        return shim()->name args;           \
    }
#define LT_SHIM_VOID(name, params, args) \
    void name params                     \
    {                                    \
        shim()->name args;               \
    }
#include "lt_shim_entries.h"
#undef LT_SHIM_FN
#undef LT_SHIM_VOID
