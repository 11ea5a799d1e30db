/* wav_write.h — mono float audio to a 16-bit PCM WAV file through libsndfile. */
#ifndef LTB_WAV_WRITE_H
#define LTB_WAV_WRITE_H

#include <stddef.h>

/* Samples in [-1, 1] (clipped). 0, or -1 with err naming the file. */
int ltb_wav_write_pcm16(const char *path, const float *samples, size_t n, int sample_rate,
                        char *err, size_t errlen);
#endif
