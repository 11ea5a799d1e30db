/* report_path.h — where a results file goes; every writer of a file names it here, so
 * none calls back into the dispatcher (report_all.c) for it. */
#ifndef LTB_REPORT_PATH_H
#define LTB_REPORT_PATH_H

#include <stddef.h>

/* "{dir}/{name}{suffix}" into out (name NULL = "ltbench"); 0, or -1 with a
 * one-line err when it does not fit in cap. */
int ltb_report_path(char *out, size_t cap, const char *dir, const char *name,
                    const char *suffix, char *err, size_t errlen);
#endif
