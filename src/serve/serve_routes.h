/* serve_routes.h — the endpoints `ltbench serve` answers: both generations of the
 * torch-inference API (Python: /predict, /synthesize, /models, /tts/health; Rust:
 * /tts/synthesize, /tts/stream, /classify/batch). Request parsing the routes
 * share is serve_request.h; the streaming route is serve_stream.c. */
#ifndef LTB_SERVE_ROUTES_H
#define LTB_SERVE_ROUTES_H

#include "serve_http.h"

/* The route table, terminated by a NULL path. */
extern const serve_route serve_routes[];

/* serve_stream.c: POST /tts/stream, raw PCM16 chunks as the vocoder makes them. */
void serve_route_tts_stream(const serve_request *req, serve_reply *r);
#endif
