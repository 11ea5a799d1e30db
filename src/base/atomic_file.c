/* atomic_file.c — results files appear whole or not at all: write under
 * "{path}.tmp.<pid>" in the same directory, fsync, then rename over the final
 * name. Also mkdir -p for the output directory. Every error is one line that
 * names the file and says why. */
#define _POSIX_C_SOURCE 200809L
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static void set_error(char *err, size_t errlen, const char *what, const char *path, int code)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s '%s': %s", what, path, strerror(code));
}

int atomic_file_open(atomic_file *af, const char *path, char *err, size_t errlen)
{
    memset(af, 0, sizeof *af);
    int n1 = snprintf(af->path, sizeof af->path, "%s", path);
    int n2 = snprintf(af->tmp_path, sizeof af->tmp_path, "%s.tmp.%ld", path, (long)getpid());
    if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof af->tmp_path) {
        set_error(err, errlen, "cannot write", path, ENAMETOOLONG);
        return -1;
    }
    af->f = fopen(af->tmp_path, "w");
    if (af->f == NULL) {
        set_error(err, errlen, "cannot write", path, errno);
        return -1;
    }
    return 0;
}

/* Makes the rename durable: fsync the directory that holds path (best effort). */
static void sync_parent_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Flushes and closes af->f; 0 or an errno value. */
static int flush_and_close(atomic_file *af)
{
    int code = 0;
    if (fflush(af->f) != 0 || ferror(af->f))
        code = errno ? errno : EIO;
    if (code == 0 && fsync(fileno(af->f)) != 0)
        code = errno;
    if (fclose(af->f) != 0 && code == 0)
        code = errno ? errno : EIO;
    af->f = NULL;
    return code;
}

int atomic_file_commit(atomic_file *af, char *err, size_t errlen)
{
    if (af->f == NULL) {
        set_error(err, errlen, "cannot write", af->path, EBADF);
        return -1;
    }
    errno = 0;
    int code = flush_and_close(af);
    if (code == 0 && rename(af->tmp_path, af->path) != 0)
        code = errno;
    if (code != 0) {
        remove(af->tmp_path);
        set_error(err, errlen, "cannot write", af->path, code);
        return -1;
    }
    sync_parent_dir(af->path);
    return 0;
}

void atomic_file_abort(atomic_file *af)
{
    if (af->f != NULL) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp_path[0] != '\0')
        remove(af->tmp_path);
}

/* Creates one directory; an existing directory is fine. 0 or an errno value. */
static int make_one_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0)
        return 0;
    int code = errno;
    struct stat st;
    if (code == EEXIST) {
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        return ENOTDIR;
    }
    return code;
}

int make_dirs(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    if (dir == NULL || dir[0] == '\0')
        return 0;
    if ((size_t)snprintf(path, sizeof path, "%s", dir) >= sizeof path) {
        set_error(err, errlen, "cannot create directory", dir, ENAMETOOLONG);
        return -1;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int code = make_one_dir(path);
        *p = '/';
        if (code != 0) {
            set_error(err, errlen, "cannot create directory", dir, code);
            return -1;
        }
    }
    int code = make_one_dir(path);
    if (code != 0) {
        set_error(err, errlen, "cannot create directory", dir, code);
        return -1;
    }
    return 0;
}
