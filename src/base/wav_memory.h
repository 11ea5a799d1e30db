/* wav_memory.h — WAV audio in memory (no files), through libsndfile's virtual I/O:
 * float samples to a mono 16-bit PCM WAV buffer (the HTTP server's audio_data), and
 * any WAV libsndfile reads back to float samples (the HTTP client's audio check). */
#ifndef LTB_WAV_MEMORY_H
#define LTB_WAV_MEMORY_H

#include <stddef.h>

/* Samples in [-1, 1] (clipped) to a RIFF WAV, mono PCM16. *data is malloc'd.
 * 0, or -1 with err. */
int ltb_wav_encode_memory(const float *samples, size_t n, int sample_rate, unsigned char **data,
                          size_t *len, char *err, size_t errlen);

/* A WAV held in memory to float samples in [-1, 1]; several channels are averaged
 * into one. *samples is malloc'd (NULL when n is 0). 0, or -1 with err. A RIFF
 * WAV whose data chunk claims more bytes than follow it (a body cut short, or a
 * header that lies about its length) is an error, where libsndfile would
 * quietly read what is there; the streaming placeholders 0 and 0xFFFFFFFF are
 * not lies. */
int ltb_wav_decode_memory(const unsigned char *data, size_t len, float **samples, size_t *n,
                          int *sample_rate, char *err, size_t errlen);
#endif
