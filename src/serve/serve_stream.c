/* serve_stream.c — POST /tts/stream {text, voice?, speed}: the text is encoded to a
 * mel before the reply starts (so a bad request still gets a JSON error), then the
 * body is raw PCM16-LE mono sent with chunked transfer encoding, one vocoded chunk
 * at a time (tts_chunks.h: 32 frames, 16 context frames each side, trimmed), each
 * chunk handed to the connection as soon as it is ready. */
#define _POSIX_C_SOURCE 200809L
#include "serve_routes.h"
#include "serve_request.h"

#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct stream_state {
    serve_tts_stream tts;
    unsigned char *pcm;          /* the current chunk as PCM16-LE */
    size_t len, off, cap;
} stream_state;

/* [-1, 1] floats (clipped) to little-endian 16-bit PCM, as libsndfile writes them. */
static void to_pcm16le(const float *x, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++) {
        float v = x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
        long s = lrintf(v * 32767.0f);
        uint16_t u = (uint16_t)(int16_t)s;
        out[2 * i] = (unsigned char)(u & 0xFF);
        out[2 * i + 1] = (unsigned char)(u >> 8);
    }
}

/* Vocodes the next chunk into st->pcm; 1, 0 at the end, -1 on failure. */
static int next_chunk(stream_state *st)
{
    const float *samples;
    size_t n;
    char err[1024];
    int rc = serve_stream_next(&st->tts, &samples, &n, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "ltbench serve: /tts/stream: %s\n", err);
    if (rc <= 0)
        return rc;
    if (2 * n > st->cap) {
        unsigned char *grown = realloc(st->pcm, 2 * n);
        if (!grown)
            return -1;
        st->pcm = grown;
        st->cap = 2 * n;
    }
    to_pcm16le(samples, n, st->pcm);
    st->len = 2 * n;
    st->off = 0;
    return 1;
}

static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    stream_state *st = cls;
    if (st->off == st->len) {
        int rc = next_chunk(st);
        if (rc <= 0)
            return rc == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = st->len - st->off < max ? st->len - st->off : max;
    memcpy(buf, st->pcm + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

static void free_stream(void *cls)
{
    stream_state *st = cls;
    serve_stream_free(&st->tts);
    free(st->pcm);
    free(st);
}

void serve_stream_pcm(const serve_request *req, const serve_model *m, const char *text,
                      serve_reply *r)
{
    stream_state *st = calloc(1, sizeof *st);
    char err[1024];
    serve_status rc = SERVE_MODEL_FAILED;
    if (!st)
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    else if ((rc = serve_stream_begin(req->models, m, text, strlen(text), &st->tts, err,
                                      sizeof err)) != SERVE_OK)
        serve_reply_status(r, rc, err);
    if (st && rc == SERVE_OK) {
        r->raw = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, read_stream, st,
                                                   free_stream);
        if (r->raw) {
            char rate[32];
            snprintf(rate, sizeof rate, "%lld", (long long)m->sample_rate);
            MHD_add_response_header(r->raw, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
            MHD_add_response_header(r->raw, "X-Sample-Rate", rate);
            MHD_add_response_header(r->raw, "X-Audio-Format", "pcm_s16le");
            st = NULL;                /* the response owns it now */
        } else {
            serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot create the stream");
        }
    }
    if (st)
        free_stream(st);
}

void serve_route_tts_stream(const serve_request *req, serve_reply *r)
{
    cJSON *body = serve_parse_body(req, r);
    const serve_model *m = body ? serve_pick_model(req, body, SERVE_TASK_TTS, r) : NULL;
    const char *text = m ? serve_tts_text(body, "text", r) : NULL;
    if (text)
        serve_stream_pcm(req, m, text, r);
    cJSON_Delete(body);
}
