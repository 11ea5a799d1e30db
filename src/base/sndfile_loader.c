/* sndfile_loader.c — libsndfile opened on the first WAV read or write (see
 * sndfile_loader.h); the table is filled once, under pthread_once. */
#include "sndfile_loader.h"
#include "lib_table.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef LTBENCH_SNDFILE_SONAME
#define LTBENCH_SNDFILE_SONAME "libsndfile.so.1"
#endif

/* Each entry of the list has the type sndfile.h gives the function (nothing is linked:
 * _Generic does not evaluate its operand). */
#define CHECK_TYPE(ret, name, params)                              \
    _Static_assert(_Generic(&name, ret(*) params: 1, default: 0), \
                   #name " is not as sndfile.h declares it");
LTB_SNDFILE_FUNCTIONS(CHECK_TYPE)
#undef CHECK_TYPE

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static ltb_sndfile_api g_api;
static atomic_int g_loaded;
static char g_why[1024];

static void load(void)
{
    const char *chosen = getenv("LTBENCH_SNDFILE");
    const char *soname = chosen && chosen[0] ? chosen : LTBENCH_SNDFILE_SONAME;
    char why[sizeof g_why - 64];
    void *lib = ltb_lib_open(soname, why, sizeof why);
    int ok = lib != NULL;
#define TAKE(ret, name, params)                                                     \
    ok = ok && ltb_lib_take(lib, soname, #name, &g_api.name, sizeof g_api.name, why, \
                            sizeof why) == 0;
    LTB_SNDFILE_FUNCTIONS(TAKE)
#undef TAKE
    if (!ok) {   /* a library without them stays mapped: the process is about to fail */
        snprintf(g_why, sizeof g_why, "%s: WAV files cannot be read or written", why);
        return;
    }
    atomic_store(&g_loaded, 1);
}

const ltb_sndfile_api *ltb_sndfile(char *why, size_t whylen)
{
    pthread_once(&g_once, load);
    if (atomic_load(&g_loaded))
        return &g_api;
    snprintf(why, whylen, "%s", g_why);
    return NULL;
}

int ltb_sndfile_loaded(void)
{
    return atomic_load(&g_loaded);
}
