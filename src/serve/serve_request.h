/* serve_request.h — what every JSON route of `ltbench serve` does with a request
 * first: the body parsed, the model picked, the text to speak checked, a model's
 * status mapped to a reply. Below the routes (serve_routes.c, serve_stream.c), so
 * neither calls the other's helpers. */
#ifndef LTB_SERVE_REQUEST_H
#define LTB_SERVE_REQUEST_H

#include "serve_http.h"

/* The body as a JSON object, or NULL with a 400 reply set. */
cJSON *serve_parse_body(const serve_request *req, serve_reply *r);
/* The model named by body["model_name"] (or "model"), else the first of task; NULL
 * with a 404 (unknown) or 400 (wrong task, none loaded) reply set. */
const serve_model *serve_pick_model(const serve_request *req, const cJSON *body, serve_task task,
                                    serve_reply *r);
/* body[field] as the text to speak, after checking speed and output_format; NULL with
 * a 400 reply set. */
const char *serve_tts_text(const cJSON *body, const char *field, serve_reply *r);
/* Maps a serve_models status to a reply. */
void serve_reply_status(serve_reply *r, serve_status st, const char *err);
#endif
