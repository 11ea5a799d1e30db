/* kept_outputs.h — writing the outputs a target kept during the run (--save-images,
 * --save-audio) after it: the directory made, one file per kept output, the count. */
#ifndef LTB_KEPT_OUTPUTS_H
#define LTB_KEPT_OUTPUTS_H

#include <stddef.h>

/* Writes output i of target into dir: 1 written, 0 nothing kept at i,
 * -1 with err set. */
typedef int (*ltb_kept_save_fn)(void *target, int i, const char *dir, char *err, size_t errlen);

/* Makes dir, then calls save for i = 0..n-1: the number of files written, or -1 at the
 * first error. */
int ltb_kept_outputs_save(const char *dir, int n, ltb_kept_save_fn save, void *target, char *err,
                          size_t errlen);
#endif
