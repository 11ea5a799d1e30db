/* wav_write.c — WAV output with libsndfile (PCM16, mono, clipped), loaded on first use
 * (sndfile_loader.h). */
#include "wav_write.h"

#include "sndfile_loader.h"

#include <stdio.h>
#include <string.h>

int ltb_wav_write_pcm16(const char *path, const float *samples, size_t n, int sample_rate,
                        char *err, size_t errlen)
{
    const ltb_sndfile_api *sf = ltb_sndfile(err, errlen);
    if (!sf)
        return -1;
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = sample_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *f = sf->sf_open(path, SFM_WRITE, &info);
    if (!f) {
        snprintf(err, errlen, "cannot write '%s': %s", path, sf->sf_strerror(NULL));
        return -1;
    }
    sf->sf_command(f, SFC_SET_CLIPPING, NULL, SF_TRUE);
    sf_count_t written = sf->sf_write_float(f, samples, (sf_count_t)n);
    int close_rc = sf->sf_close(f);
    if (written != (sf_count_t)n || close_rc != 0) {
        snprintf(err, errlen, "cannot write '%s': short write", path);
        return -1;
    }
    return 0;
}
