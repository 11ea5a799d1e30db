/* http_audio.h — the OpenAI speech protocol, client side: POST /v1/audio/speech
 * {model, input, voice, response_format, speed} answers with the audio bytes
 * themselves, usually chunked as they are made. The request body, and the answer
 * read back: a WAV (any libsndfile reads; the streaming size placeholders 0 and
 * 0xFFFFFFFF are fine) or raw PCM16-LE mono at a known rate. Pure functions,
 * unit-tested and fuzzed. */
#ifndef LTB_HTTP_AUDIO_H
#define LTB_HTTP_AUDIO_H

#include <stddef.h>

#include "http_response.h"

/* The voice sent when the user names none (the API requires one). */
#define LTB_SPEECH_DEFAULT_VOICE "alloy"

/* {"model", "input", "voice", "response_format": "wav" | "pcm", "speed": 1.0};
 * malloc'd, NUL-terminated; NULL when out of memory. */
char *ltb_http_body_speech(const char *model, const char *text, const char *voice, int pcm);

/* Where a WAV's audio begins: the offset of its data chunk's first byte, or 0
 * when len bytes do not yet hold the data chunk's header. */
size_t ltb_wav_data_offset(const unsigned char *wav, size_t len);

/* The answer: status checked ({"error": {"message"}} bodies in words), then the
 * audio: pcm (sample_rate > 0) = bytes / 2 / sample_rate seconds, whole samples
 * only; else a WAV whose frames / rate are the seconds. Sets audio_seconds,
 * sample_rate, bit_depth 16, response_bytes. 0, or -1 with res->error. */
int ltb_http_parse_speech(const ltb_http_reply *r, int pcm_sample_rate, ltb_result *res);
#endif
