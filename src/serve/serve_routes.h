/* serve_routes.h — the endpoints `ltbench serve` answers, one table per protocol:
 * both generations of the torch-inference API (Python: /predict, /synthesize,
 * /models, /tts/health; Rust: /tts/synthesize, /tts/stream, /classify/batch, the
 * same /models and /tts/health), the Open Inference Protocol (serve_v2.c) and
 * OpenAI speech (serve_openai.c). Request parsing the routes share is
 * serve_request.h; the streaming routes are serve_stream.c. */
#ifndef LTB_SERVE_ROUTES_H
#define LTB_SERVE_ROUTES_H

#include "serve_http.h"

/* The route tables, each terminated by a NULL path. */
extern const serve_route serve_routes_python[];
extern const serve_route serve_routes_rust[];
extern const serve_route serve_routes_v2[];
extern const serve_route serve_routes_openai[];

/* serve_protocols.c: the routes of the protocols in a comma list ("v2,openai,python,
 * rust"; a route two protocols share once) into out (cap entries, NULL-terminated).
 * 0, or -1 with a one-line err naming an unknown protocol. */
int serve_routes_select(const char *apis, serve_route *out, int cap, char *err, size_t errlen);
#define SERVE_ALL_APIS "v2,openai,python,rust"

/* serve_openai_llm.c: POST /v1/completions and /v1/chat/completions (language models,
 * streamed as server-sent events or whole). */
void serve_route_completions(const serve_request *req, serve_reply *r);
void serve_route_chat_completions(const serve_request *req, serve_reply *r);
/* serve_stream.c: POST /tts/stream, raw PCM16 chunks as the vocoder makes them. */
void serve_route_tts_stream(const serve_request *req, serve_reply *r);
/* serve_stream.c: text (checked) spoken by m as a chunked raw PCM16-LE reply. */
void serve_stream_pcm(const serve_request *req, const serve_model *m, const char *text,
                      serve_reply *r);
#endif
