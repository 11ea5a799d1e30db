/* wav_memory.c — WAV encode/decode in memory with libsndfile virtual I/O (see
 * wav_memory.h; libsndfile is loaded on first use: sndfile_loader.h). One memory "file"
 * type serves both directions: writing grows it, reading walks it. */
#include "wav_memory.h"

#include "sndfile_loader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mem_file {
    unsigned char *data;
    const unsigned char *rdata;   /* what reads see: data when writing */
    sf_count_t len, cap, pos;
    int oom;
} mem_file;

static sf_count_t mem_length(void *user)
{
    return ((mem_file *)user)->len;
}

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    mem_file *f = user;
    sf_count_t base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->len : 0;
    if (base + offset < 0)
        return -1;
    f->pos = base + offset;
    return f->pos;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
    mem_file *f = user;
    sf_count_t left = f->pos < f->len ? f->len - f->pos : 0;
    if (count > left)
        count = left;
    if (count > 0)
        memcpy(ptr, f->rdata + f->pos, (size_t)count);
    f->pos += count;
    return count;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
    mem_file *f = user;
    if (f->pos + count > f->cap) {
        sf_count_t cap = (f->pos + count) * 2 + 4096;
        unsigned char *grown = realloc(f->data, (size_t)cap);
        if (!grown) {
            f->oom = 1;
            return 0;
        }
        f->data = grown;
        f->rdata = grown;
        f->cap = cap;
    }
    if (f->pos > f->len)                       /* a seek past the end leaves zeros */
        memset(f->data + f->len, 0, (size_t)(f->pos - f->len));
    memcpy(f->data + f->pos, ptr, (size_t)count);
    f->pos += count;
    if (f->pos > f->len)
        f->len = f->pos;
    return count;
}

static sf_count_t mem_tell(void *user)
{
    return ((mem_file *)user)->pos;
}

static SF_VIRTUAL_IO mem_io = {mem_length, mem_seek, mem_read, mem_write, mem_tell};

int ltb_wav_encode_memory(const float *samples, size_t n, int sample_rate, unsigned char **data,
                          size_t *len, char *err, size_t errlen)
{
    const ltb_sndfile_api *lib = ltb_sndfile(err, errlen);
    if (!lib)
        return -1;
    mem_file f;
    memset(&f, 0, sizeof f);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = sample_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *sf = lib->sf_open_virtual(&mem_io, SFM_WRITE, &info, &f);
    if (!sf) {
        snprintf(err, errlen, "cannot encode WAV: %s", lib->sf_strerror(NULL));
        free(f.data);
        return -1;
    }
    lib->sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    sf_count_t written = lib->sf_write_float(sf, samples, (sf_count_t)n);
    int close_rc = lib->sf_close(sf);
    if (written != (sf_count_t)n || close_rc != 0 || f.oom) {
        snprintf(err, errlen, "cannot encode WAV: %s", f.oom ? "out of memory" : "short write");
        free(f.data);
        return -1;
    }
    *data = f.data;
    *len = (size_t)f.len;
    return 0;
}

/* Averages interleaved frames of `channels` samples into the first n floats. */
static void mix_down(float *buf, size_t frames, int channels)
{
    for (size_t i = 0; i < frames; i++) {
        float sum = 0;
        for (int c = 0; c < channels; c++)
            sum += buf[i * (size_t)channels + (size_t)c];
        buf[i] = sum / (float)channels;
    }
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The declared size of a RIFF WAV's data chunk against the bytes after it. */
static int check_data_chunk(const unsigned char *d, size_t len, char *err, size_t errlen)
{
    if (len < 12 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WAVE", 4) != 0)
        return 0;                 /* RF64, AIFF...: libsndfile judges those */
    size_t pos = 12;
    while (pos <= len - 8 && len >= 8) {
        uint32_t size = le32(d + pos + 4);
        if (memcmp(d + pos, "data", 4) == 0) {
            size_t follow = len - pos - 8;
            if (size != 0 && size != 0xFFFFFFFFu && size > follow) {
                snprintf(err, errlen, "the WAV header says its audio is %u bytes, but %zu follow "
                         "(cut short, or the header lies)", size, follow);
                return -1;
            }
            return 0;
        }
        pos += 8 + (size_t)size + (size & 1);
    }
    return 0;
}

int ltb_wav_decode_memory(const unsigned char *data, size_t len, float **samples, size_t *n,
                          int *sample_rate, char *err, size_t errlen)
{
    if (check_data_chunk(data, len, err, errlen) != 0)
        return -1;
    const ltb_sndfile_api *lib = ltb_sndfile(err, errlen);
    if (!lib)
        return -1;
    mem_file f;
    memset(&f, 0, sizeof f);
    f.rdata = data;
    f.len = (sf_count_t)len;
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = lib->sf_open_virtual(&mem_io, SFM_READ, &info, &f);
    if (!sf) {
        snprintf(err, errlen, "not a readable WAV (%zu bytes): %s", len, lib->sf_strerror(NULL));
        return -1;
    }
    if (info.channels < 1 || info.frames < 0 || info.samplerate <= 0 ||
        (size_t)info.frames > ((size_t)1 << 40) / (size_t)info.channels) {
        lib->sf_close(sf);
        snprintf(err, errlen, "WAV header is not plausible (%d channels, %lld frames, %d Hz)",
                 info.channels, (long long)info.frames, info.samplerate);
        return -1;
    }
    size_t total = (size_t)info.frames * (size_t)info.channels;
    float *buf = total ? malloc(total * sizeof(float)) : NULL;
    if (total && !buf) {
        lib->sf_close(sf);
        snprintf(err, errlen, "out of memory decoding WAV (%lld frames)", (long long)info.frames);
        return -1;
    }
    sf_count_t got = total ? lib->sf_readf_float(sf, buf, info.frames) : 0;
    lib->sf_close(sf);
    if (got != info.frames) {
        free(buf);
        snprintf(err, errlen, "WAV is truncated: %lld of %lld frames", (long long)got,
                 (long long)info.frames);
        return -1;
    }
    if (info.channels > 1)
        mix_down(buf, (size_t)info.frames, info.channels);
    *samples = buf;
    *n = (size_t)info.frames;
    *sample_rate = info.samplerate;
    return 0;
}
