/* shim_loader.h — liblt_shim.so (and with it LibTorch) is loaded on the first call of any
 * lt_* function of shim/lt_shim.h, not at start: those functions are defined by
 * shim_loader.c as forwarders, so a run that never calls one (an HTTP client, compare,
 * --help) never maps LibTorch. Where the library is looked for, first found wins:
 *   $LTBENCH_SHIM (only there, when set), beside the executable (DIR/liblt_shim.so,
 *   DIR/shim/liblt_shim.so, DIR/../shim/liblt_shim.so), the build's own path.
 * If it cannot be loaded, the first call prints "ltbench: cannot load liblt_shim.so (why)"
 * and the process exits with 2 (like a model file that cannot be opened). */
#ifndef LTB_SHIM_LOADER_H
#define LTB_SHIM_LOADER_H

#include <stdio.h>

/* 1 once liblt_shim.so is loaded (an lt_* function was called), else 0; loads nothing. */
int ltb_shim_loaded(void);
/* When LTBENCH_SHIM_REPORT is set (to anything but "" or "0"), one line to out:
 * "ltbench: liblt_shim.so loaded from PATH" or "ltbench: liblt_shim.so not loaded";
 * main() calls it at exit. */
void ltb_shim_report_if_asked(FILE *out);
#endif
