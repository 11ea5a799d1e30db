// lt_shim_table.cpp — the shim's one exported symbol: lt_shim_entry_points, the table of
// every lt_* function (lt_shim_entries.h) that the harness's loader
// (src/base/shim_loader.c) takes after dlopen. No torch header here: this file compiles
// in a second.
#include "lt_shim_table.h"

extern "C" const lt_shim_table *lt_shim_entry_points(void)
{
    static const lt_shim_table table = {
        sizeof(lt_shim_table),
        lt_shim_signature,
#define LT_SHIM_FN(ret, name, params, args) name,
#define LT_SHIM_VOID(name, params, args) name,
#include "lt_shim_entries.h"
#undef LT_SHIM_FN
#undef LT_SHIM_VOID
    };
    return &table;
}
