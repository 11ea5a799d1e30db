/* file_read.h — read a whole file into memory, with a size limit and a one-line
 * error naming the file. */
#ifndef LTB_FILE_READ_H
#define LTB_FILE_READ_H

#include <stddef.h>

/* *data is malloc'd and NUL-terminated (not counted in *len). 0 or -1 with err. */
int ltb_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                  char *err, size_t errlen);
#endif
