/* lib_table.c — dlopen a library and take its functions into a table (see lib_table.h). */
#include "lib_table.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *ltb_lib_open(const char *soname, char *why, size_t whylen)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, whylen, "cannot load %s (%s)", soname, e ? e : "dlopen failed");
    }
    return lib;
}

int ltb_lib_take(void *lib, const char *soname, const char *symbol, void *slot,
                 size_t slot_size, char *why, size_t whylen)
{
    void *sym = dlsym(lib, symbol);
    if (!sym || slot_size != sizeof sym) {
        snprintf(why, whylen, "cannot load %s (it has no %s)", soname, symbol);
        return -1;
    }
    memcpy(slot, &sym, sizeof sym);   /* object to function pointer, as POSIX allows */
    return 0;
}
