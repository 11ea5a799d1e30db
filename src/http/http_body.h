/* http_body.h — the JSON request bodies of the two server APIs the HTTP target
 * speaks (DESIGN.md "HTTP API that the client speaks"), and their endpoints.
 * Bodies are built before timing, once per sample. */
#ifndef LTB_HTTP_BODY_H
#define LTB_HTTP_BODY_H

#include <stddef.h>

#include "ltbench.h"

/* Python server (/predict, /synthesize) or Rust server (/classify/batch,
 * /tts/synthesize, /tts/stream); the standard protocols: the Open Inference
 * Protocol (KServe v2, http_v2.h), TorchServe's inference API (/predictions/{m}),
 * OpenAI speech (/v1/audio/speech, http_audio.h). */
typedef enum {
    LTB_HTTP_API_PYTHON = 0, LTB_HTTP_API_RUST = 1, LTB_HTTP_API_V2 = 2,
    LTB_HTTP_API_TORCHSERVE = 3, LTB_HTTP_API_OPENAI = 4
} ltb_http_api;

/* "python" / "rust" / "v2" / "torchserve" / "openai" -> api; 0, or -1 for another
 * word. */
int ltb_http_api_parse(const char *word, ltb_http_api *api);
const char *ltb_http_api_name(ltb_http_api api);

/* The POST path of a request: "/predict", "/classify/batch", "/synthesize",
 * "/tts/synthesize", "/tts/stream" or "/v1/audio/speech"; NULL where the API has
 * none (Python streaming, an image over openai, TTS over v2 or torchserve) or where
 * the path names the model (v2, torchserve: ltb_http_model_path). */
const char *ltb_http_endpoint(ltb_task task, ltb_http_api api, int streaming);

/* The POST path of a protocol whose path names the model: v2
 * "/v2/models/{m}[/versions/{v}]/infer", torchserve "/predictions/{m}[/{v}]" (version
 * NULL or "" = none; with infer 0 the v2 metadata path, without "/infer"). 0, or -1
 * when it does not fit cap. */
int ltb_http_model_path(ltb_http_api api, const char *model, const char *version, int infer,
                        char *out, size_t cap);

/* An image request's body over n encoded image files (base64 inside). Python:
 * {"model_name", "inputs": b64 (one image) or [b64...] (a batch: the real server
 * takes a list as a batch), "metadata": {"input_type": "image", "format":
 * "base64", "top_k"}}; Rust: {"images": [b64...], "top_k"}.
 * malloc'd, NUL-terminated; NULL when out of memory. */
char *ltb_http_body_image(ltb_http_api api, const char *model_name, int top_k,
                          const unsigned char *const *images, const size_t *lens, int n);

/* A TTS request's body. Python: {"model_name", "inputs": text, "speed": 1.0,
 * "language": "en", "output_format": "wav"} + "voice" when given; Rust: {"text",
 * "voice"?, "speed": 1.0} (the same for /tts/stream). malloc'd; NULL on OOM. */
char *ltb_http_body_tts(ltb_http_api api, const char *model_name, const char *text,
                        const char *voice);
#endif
