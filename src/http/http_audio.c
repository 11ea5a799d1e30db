/* http_audio.c — OpenAI speech requests and their audio answers (see http_audio.h). */
#include "http_audio.h"
#include "wav_memory.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ltb_http_body_speech(const char *model, const char *text, const char *voice, int pcm)
{
    cJSON *root = cJSON_CreateObject();
    int ok = root && cJSON_AddStringToObject(root, "model", model);
    ok = ok && cJSON_AddStringToObject(root, "input", text);
    ok = ok && cJSON_AddStringToObject(root, "voice", voice && *voice ? voice : LTB_SPEECH_DEFAULT_VOICE);
    ok = ok && cJSON_AddStringToObject(root, "response_format", pcm ? "pcm" : "wav");
    ok = ok && cJSON_AddNumberToObject(root, "speed", 1.0);
    char *out = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return out;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t ltb_wav_data_offset(const unsigned char *wav, size_t len)
{
    if (len < 12 || memcmp(wav, "RIFF", 4) || memcmp(wav + 8, "WAVE", 4))
        return 0;
    size_t at = 12;
    while (at + 8 <= len) {
        uint32_t size = le32(wav + at + 4);
        if (!memcmp(wav + at, "data", 4))
            return at + 8;
        if (size > len - at - 8)             /* the next chunk header is not here yet */
            return 0;
        at += 8 + (size_t)size + (size & 1);
    }
    return 0;
}

static int failf(ltb_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* OpenAI's errors are {"error": {"message": ...}}; others a string. */
static void error_words(const ltb_http_reply *r, char *out, size_t cap)
{
    cJSON *root = cJSON_ParseWithLength(r->body ? r->body : "", r->body ? r->len : 0);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
    if (cJSON_IsString(m) && m->valuestring[0]) {
        snprintf(out, cap, "%s", m->valuestring);
        for (char *c = out; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = ' ';
    } else
        ltb_http_error_text(r->body, r->len, out, cap);
    cJSON_Delete(root);
}

int ltb_http_parse_speech(const ltb_http_reply *r, int pcm_sample_rate, ltb_result *res)
{
    res->response_bytes = r->len;
    res->server_processing_s = -1;
    if (r->status < 200 || r->status >= 300) {
        char msg[LTB_ERROR_LEN];
        error_words(r, msg, sizeof msg);
        return msg[0] ? failf(res, "HTTP %ld: %s", r->status, msg) : failf(res, "HTTP %ld", r->status);
    }
    if (r->len == 0)
        return failf(res, "the audio answer was empty");
    if (pcm_sample_rate > 0) {
        if (r->len % 2 != 0)
            return failf(res, "the pcm answer's %zu bytes are not whole PCM16 samples", r->len);
        res->audio_seconds = (double)(r->len / 2) / (double)pcm_sample_rate;
        res->sample_rate = pcm_sample_rate;
        res->bit_depth = 16;
        return 0;
    }
    float *samples = NULL;
    size_t frames = 0;
    int rate = 0;
    char why[LTB_ERROR_LEN];
    int rc = ltb_wav_decode_memory((const unsigned char *)r->body, r->len, &samples, &frames, &rate,
                                   why, sizeof why);
    free(samples);
    if (rc != 0)
        return failf(res, "the answer is not a readable WAV (%zu bytes): %s", r->len, why);
    if (frames == 0 || rate <= 0)
        return failf(res, "the WAV answer holds no audio");
    res->audio_seconds = (double)frames / (double)rate;
    res->sample_rate = rate;
    res->bit_depth = 16;
    return 0;
}
