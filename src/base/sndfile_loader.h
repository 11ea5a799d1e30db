/* sndfile_loader.h — libsndfile, opened on first use: ltbench does not link it, so a
 * process that reads or writes no WAV (an image run, an HTTP client run) never maps it
 * nor the codecs it pulls in (FLAC, Vorbis, Opus, mpg123, LAME). The first call of
 * ltb_sndfile (pthread_once: threads may race to it) dlopens LTBENCH_SNDFILE_SONAME
 * ("libsndfile.so.1"; $LTBENCH_SNDFILE names another file) and takes the seven functions
 * the WAV code uses into a table; sndfile.h is still included, for its types. */
#ifndef LTB_SNDFILE_LOADER_H
#define LTB_SNDFILE_LOADER_H

#include <sndfile.h>
#include <stddef.h>

/* The functions used: X(return type, symbol, (parameters)) as sndfile.h declares them
 * (sndfile_loader.c checks each against the header at compile time). */
#define LTB_SNDFILE_FUNCTIONS(X)                                                           \
    X(SNDFILE *, sf_open, (const char *path, int mode, SF_INFO *sfinfo))                   \
    X(SNDFILE *, sf_open_virtual, (SF_VIRTUAL_IO *sfvirtual, int mode, SF_INFO *sfinfo,    \
                                   void *user_data))                                       \
    X(int, sf_close, (SNDFILE *sndfile))                                                   \
    X(int, sf_command, (SNDFILE *sndfile, int command, void *data, int datasize))          \
    X(sf_count_t, sf_readf_float, (SNDFILE *sndfile, float *ptr, sf_count_t frames))       \
    X(sf_count_t, sf_write_float, (SNDFILE *sndfile, const float *ptr, sf_count_t items))  \
    X(const char *, sf_strerror, (SNDFILE *sndfile))

typedef struct ltb_sndfile_api {
#define LTB_SNDFILE_MEMBER(ret, name, params) ret (*name) params;
    LTB_SNDFILE_FUNCTIONS(LTB_SNDFILE_MEMBER)
#undef LTB_SNDFILE_MEMBER
} ltb_sndfile_api;

/* The table, libsndfile loaded on the first call; NULL when it cannot be loaded, with
 * "cannot load libsndfile.so.1 (why): WAV files cannot be read or written" in why (the
 * same reason on every later call). */
const ltb_sndfile_api *ltb_sndfile(char *why, size_t whylen);
/* 1 once libsndfile is loaded, else 0; loads nothing. */
int ltb_sndfile_loaded(void);
#endif
