/* serve_openai.c — the OpenAI speech routes of `ltbench serve`: POST
 * /v1/audio/speech {model, input, voice?, response_format?, speed?} answers with
 * the audio itself: "wav" (the default here: OpenAI's own default, mp3, is not
 * made) as one RIFF WAV, mono PCM16 at the model's rate; "pcm" as raw PCM16-LE mono
 * at the model's rate (X-Sample-Rate says it; GET /tts/health too), streamed chunk
 * by chunk as the vocoder makes it. The voice is accepted and not used (each model
 * has one). GET /v1/models lists the models. Errors are OpenAI's shape, {"error":
 * {"message", "type"}}. */
#include "serve_routes.h"
#include "serve_request.h"
#include "wav_memory.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rewrites the reply's {"success": false, "error": "m"} as {"error": {"message": m,
 * "type": "invalid_request_error"}}. */
static void openai_error_shape(serve_reply *r)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
    if (!r->json || !cJSON_IsString(e))
        return;
    cJSON *o = cJSON_CreateObject();
    cJSON *inner = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(inner, "message", e->valuestring);
    cJSON_AddStringToObject(inner, "type", r->status >= 500 ? "server_error"
                                                            : "invalid_request_error");
    cJSON_Delete(r->json);
    r->json = o;
}

/* response_format: 1 pcm, 0 wav, -1 with a 400 set. */
static int pcm_format(const cJSON *body, serve_reply *r)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "response_format");
    if (!f || cJSON_IsNull(f) || (cJSON_IsString(f) && !strcmp(f->valuestring, "wav")))
        return 0;
    if (cJSON_IsString(f) && !strcmp(f->valuestring, "pcm"))
        return 1;
    serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "response_format '%s' is not made here: wav or pcm",
                      cJSON_IsString(f) ? f->valuestring : "?");
    return -1;
}

static void reply_wav(const serve_request *req, const serve_model *m, const char *text,
                      serve_reply *r)
{
    float *samples = NULL;
    size_t n = 0, len = 0;
    unsigned char *wav = NULL;
    char err[1024];
    serve_status st = serve_synthesize(req->models, m, text, strlen(text), &samples, &n, err,
                                       sizeof err);
    if (st != SERVE_OK)
        serve_reply_status(r, st, err);
    else if (ltb_wav_encode_memory(samples, n, (int)m->sample_rate, &wav, &len, err, sizeof err) != 0)
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err);
    else if (!(r->raw = MHD_create_response_from_buffer(len, wav, MHD_RESPMEM_MUST_FREE)))
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot create the response");
    else {
        wav = NULL;                    /* the response owns it */
        MHD_add_response_header(r->raw, MHD_HTTP_HEADER_CONTENT_TYPE, "audio/wav");
    }
    free(wav);
    free(samples);
}

static void route_speech(const serve_request *req, serve_reply *r)
{
    cJSON *body = serve_parse_body(req, r);
    const serve_model *m = body ? serve_pick_model(req, body, SERVE_TASK_TTS, r) : NULL;
    const cJSON *voice = cJSON_GetObjectItemCaseSensitive(body, "voice");
    int pcm = -1;
    if (m && voice && !cJSON_IsNull(voice) && !cJSON_IsString(voice) && !cJSON_IsObject(voice))
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "voice must be a string");
    else if (m)
        pcm = pcm_format(body, r);
    const char *text = pcm >= 0 ? serve_tts_text(body, "input", r) : NULL;
    if (text && pcm)
        serve_stream_pcm(req, m, text, r);
    else if (text)
        reply_wav(req, m, text, r);
    openai_error_shape(r);
    cJSON_Delete(body);
}

static void route_models(const serve_request *req, serve_reply *r)
{
    r->json = cJSON_CreateObject();
    cJSON_AddStringToObject(r->json, "object", "list");
    cJSON *data = cJSON_AddArrayToObject(r->json, "data");
    for (int i = 0; i < req->models->n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", req->models->list[i].name);
        cJSON_AddStringToObject(o, "object", "model");
        cJSON_AddStringToObject(o, "owned_by", "ltbench");
        cJSON_AddItemToArray(data, o);
    }
}

const serve_route serve_routes_openai[] = {
    {"POST", "/v1/audio/speech", route_speech},
    {"POST", "/v1/completions", serve_route_completions},
    {"POST", "/v1/chat/completions", serve_route_chat_completions},
    {"GET", "/v1/models", route_models},
    {NULL, NULL, NULL},
};
