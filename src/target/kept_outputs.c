/* kept_outputs.c — the save-kept-outputs loop the generate and TTS targets share. */
#include "kept_outputs.h"
#include "atomic_file.h"

int ltb_kept_outputs_save(const char *dir, int n, ltb_kept_save_fn save, void *target, char *err,
                          size_t errlen)
{
    if (make_dirs(dir, err, errlen) != 0)
        return -1;
    int files = 0;
    for (int i = 0; i < n; i++) {
        int rc = save(target, i, dir, err, errlen);
        if (rc < 0)
            return -1;
        files += rc;
    }
    return files;
}
