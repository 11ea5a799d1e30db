/* report_path.c — the path of a results file: "{dir}/{name}{suffix}" (see report_path.h). */
#include "report_path.h"

#include <stdio.h>
#include <string.h>

int ltb_report_path(char *out, size_t cap, const char *dir, const char *name,
                    const char *suffix, char *err, size_t errlen)
{
    const char *base = name != NULL && name[0] != '\0' ? name : "ltbench";
    const char *sep = dir != NULL && dir[0] != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "";
    int n = snprintf(out, cap, "%s%s%s%s", dir != NULL ? dir : "", sep, base,
                     suffix != NULL ? suffix : "");
    if (n < 0 || (size_t)n >= cap) {
        snprintf(err, errlen, "cannot write '%s/%s%s': path too long", dir != NULL ? dir : "",
                 base, suffix != NULL ? suffix : "");
        return -1;
    }
    return 0;
}
