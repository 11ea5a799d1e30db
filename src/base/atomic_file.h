/* atomic_file.h — write a results file under a temporary name in the same
 * directory and rename it into place, so a reader never sees half a file. */
#ifndef LTB_ATOMIC_FILE_H
#define LTB_ATOMIC_FILE_H

#include <stdio.h>

typedef struct atomic_file {
    FILE *f;
    char path[4096];
    char tmp_path[4096];
} atomic_file;

/* Opens "{path}.tmp.<pid>" for writing; returns 0, or -1 with err set. */
int atomic_file_open(atomic_file *af, const char *path, char *err, size_t errlen);
/* Flushes, fsyncs, closes and renames into place; -1 with err on failure (tmp removed). */
int atomic_file_commit(atomic_file *af, char *err, size_t errlen);
/* Closes and removes the temporary file. */
void atomic_file_abort(atomic_file *af);
/* mkdir -p; 0 or -1 with err. */
int make_dirs(const char *dir, char *err, size_t errlen);
#endif
