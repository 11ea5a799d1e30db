/* serve_request.c — request parsing every JSON route shares, the streaming one too
 * (see serve_request.h). */
#include "serve_request.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

cJSON *serve_parse_body(const serve_request *req, serve_reply *r)
{
    cJSON *body = cJSON_ParseWithLength(req->body, req->body_len);
    if (!cJSON_IsObject(body)) {
        cJSON_Delete(body);
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "request body is not a JSON object");
        return NULL;
    }
    return body;
}

const serve_model *serve_pick_model(const serve_request *req, const cJSON *body, serve_task task,
                                    serve_reply *r)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "model_name");
    if (!name)
        name = cJSON_GetObjectItemCaseSensitive(body, "model");
    if (name && !cJSON_IsString(name)) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "model_name must be a string");
        return NULL;
    }
    const serve_model *m = name ? serve_models_find(req->models, name->valuestring)
                                : serve_models_first(req->models, task);
    if (!m && name)
        serve_reply_error(r, MHD_HTTP_NOT_FOUND, "unknown model '%s'", name->valuestring);
    else if (!m)
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "no %s model is loaded", serve_task_name(task));
    else if (m->task != task) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "model '%s' is a %s model, not %s", m->name,
                          serve_task_name(m->task), serve_task_name(task));
        return NULL;
    }
    return m;
}

void serve_reply_status(serve_reply *r, serve_status st, const char *err)
{
    serve_reply_error(r, st == SERVE_BAD_INPUT ? MHD_HTTP_BAD_REQUEST
                                               : MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err);
}

const char *serve_tts_text(const cJSON *body, const char *field, serve_reply *r)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(body, field);
    const cJSON *speed = cJSON_GetObjectItemCaseSensitive(body, "speed");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(body, "output_format");
    if (!cJSON_IsString(text))
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s must be a string (the text to speak)", field);
    else if (speed && !cJSON_IsNull(speed) &&
             (!cJSON_IsNumber(speed) || !(speed->valuedouble > 0 && speed->valuedouble <= 10)))
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "speed must be a number in (0, 10]");
    else if (format && !cJSON_IsNull(format) &&
             (!cJSON_IsString(format) || strcmp(format->valuestring, "wav")))
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "output_format must be \"wav\"");
    else
        return text->valuestring;
    return NULL;
}
