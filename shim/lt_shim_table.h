/* lt_shim_table.h — how the harness reaches the shim without linking it: liblt_shim.so
 * exports one symbol, lt_shim_entry_points, which returns a table holding a pointer to
 * each function of lt_shim.h (the list is lt_shim_entries.h; the shim builds its lt_*
 * functions hidden, so nothing else of it can clash with or be linked in place of the
 * harness's forwarders). The harness (src/base/shim_loader.c) dlopens the library on the
 * first lt_* call, checks that the table is the one it was compiled against (its size
 * and the text of every entry's signature) and forwards each call through it. */
#ifndef LT_SHIM_TABLE_H
#define LT_SHIM_TABLE_H

#include "lt_shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The exported symbol's name, for dlsym. */
#define LT_SHIM_ENTRY_POINTS "lt_shim_entry_points"

/* Every entry's declaration as text, one per line ("void lt_get_info(lt_info *out)\n"...):
 * equal on both sides only when both were compiled from the same list. */
#define LT_SHIM_FN(ret, name, params, args) #ret " " #name #params "\n"
#define LT_SHIM_VOID(name, params, args) "void " #name #params "\n"
static const char lt_shim_signature[] =
#include "lt_shim_entries.h"
    ;
#undef LT_SHIM_FN
#undef LT_SHIM_VOID

typedef struct lt_shim_table {
    size_t size;                  /* sizeof(lt_shim_table) where the shim was built */
    const char *signature;        /* its lt_shim_signature */
#define LT_SHIM_FN(ret, name, params, args) ret(*name) params;
#define LT_SHIM_VOID(name, params, args) void(*name) params;
#include "lt_shim_entries.h"
#undef LT_SHIM_FN
#undef LT_SHIM_VOID
} lt_shim_table;

/* The shim's table (exported with default visibility; everything else of lt_shim.h is
 * hidden in the library). */
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
const lt_shim_table *lt_shim_entry_points(void);

#ifdef __cplusplus
}
#endif
#endif
