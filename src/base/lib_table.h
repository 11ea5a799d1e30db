/* lib_table.h — a shared library opened on first use and its functions taken into a
 * table of function pointers (dlopen + dlsym), for the optional libraries ltbench does
 * not link (libsndfile: base/sndfile_loader.h; PLplot: report/plplot_loader.h), so that a
 * run that needs none of them never maps them (an HTTP client run maps only what it
 * uses). A loader lists its functions once as an X-macro X(ret, symbol, (params)) and
 * builds its table type and its loading from that list. */
#ifndef LTB_LIB_TABLE_H
#define LTB_LIB_TABLE_H

#include <stddef.h>

/* dlopen(soname, RTLD_NOW | RTLD_LOCAL); NULL with "cannot load SONAME (dlerror)" in why. */
void *ltb_lib_open(const char *soname, char *why, size_t whylen);
/* dlsym(lib, symbol) into *slot, a function pointer of slot_size bytes (sizeof it); 0, or
 * -1 with "SONAME has no SYMBOL" in why. */
int ltb_lib_take(void *lib, const char *soname, const char *symbol, void *slot,
                 size_t slot_size, char *why, size_t whylen);
#endif
