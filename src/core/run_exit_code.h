/* run_exit_code.h — the process exit codes of ltbench (LTB_EXIT_*: every command,
 * the fleet and the qualification return one) and a finished run's exit code:
 * interrupted, any failed request, or success. */
#ifndef LTB_RUN_EXIT_CODE_H
#define LTB_RUN_EXIT_CODE_H

#include "ltbench.h"

#define LTB_EXIT_OK 0
#define LTB_EXIT_FAILED_REQUESTS 1
#define LTB_EXIT_USAGE 2
#define LTB_EXIT_FLEET_FAILED 3   /* MPI fleet: an outlier, a failed or a missing rank */
#define LTB_EXIT_INTERRUPTED 130

int ltb_run_exit_code(const ltb_run *run);
#endif
