/* write_reports.h — environment facts of a finished run (machine + LibTorch). */
#ifndef LTB_WRITE_REPORTS_H
#define LTB_WRITE_REPORTS_H

#include "environment.h"
#include "ltbench.h"

void ltb_environment_for_run(const ltb_run *run, ltb_environment *env);
/* The same for a device ("cpu", "cuda:N"; NULL = cpu) before any run. */
void ltb_environment_for_device(const char *device, ltb_environment *env);
#endif
