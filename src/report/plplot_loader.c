/* plplot_loader.c — PLplot opened on the first plot (see plplot_loader.h); the table is
 * filled once, under pthread_once. */
#ifdef LTBENCH_PLOTS   /* a build without PLplot has no loader (plot.c says so) */
#include "plplot_loader.h"
#include "lib_table.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef LTBENCH_PLPLOT_SONAME
#define LTBENCH_PLPLOT_SONAME "libplplot.so.17"
#endif

/* Each entry of the list has the type plplot.h gives the function (nothing is linked:
 * _Generic does not evaluate its operand). */
#define CHECK_TYPE(ret, name, params)                              \
    _Static_assert(_Generic(&name, ret(*) params: 1, default: 0), \
                   #name " is not as plplot.h declares it");
LTB_PLPLOT_FUNCTIONS(CHECK_TYPE)
#undef CHECK_TYPE

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static ltb_plplot_api g_api;
static atomic_int g_loaded;
static char g_why[1024];

static void load(void)
{
    const char *chosen = getenv("LTBENCH_PLPLOT");
    const char *soname = chosen && chosen[0] ? chosen : LTBENCH_PLPLOT_SONAME;
    void *lib = ltb_lib_open(soname, g_why, sizeof g_why);
    int ok = lib != NULL;
#define TAKE(ret, name, params)                                                     \
    ok = ok && ltb_lib_take(lib, soname, #name, &g_api.name, sizeof g_api.name, g_why, \
                            sizeof g_why) == 0;
    LTB_PLPLOT_FUNCTIONS(TAKE)
#undef TAKE
    if (ok)   /* a library without them stays mapped: unloading one half-used is riskier */
        atomic_store(&g_loaded, 1);
}

const ltb_plplot_api *ltb_plplot(char *why, size_t whylen)
{
    pthread_once(&g_once, load);
    if (atomic_load(&g_loaded))
        return &g_api;
    snprintf(why, whylen, "%s", g_why);
    return NULL;
}

int ltb_plplot_loaded(void)
{
    return atomic_load(&g_loaded);
}
#else
typedef int ltb_plplot_loader_unused;   /* ISO C: a translation unit is not empty */
#endif
