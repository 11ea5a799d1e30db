/* http_torchserve.h — TorchServe's inference API, client side: POST
 * /predictions/{m}[/{v}] with the image bytes as the body; the image classifier
 * handler answers {"class name": probability, ...} (its top 5, best first), or a
 * list of such objects for a batch; errors {"code", "type", "message"}. A pure
 * parser, unit-tested and fuzzed. */
#ifndef LTB_HTTP_TORCHSERVE_H
#define LTB_HTTP_TORCHSERVE_H

#include "http_response.h"

/* Class names to ids: a name that is a whole number is its id; another is looked up
 * in labels (n of them, id = index; NULL/0: none). The first object's entries, in
 * the server's order, become top-k (scores = the probabilities). 0, or -1 with
 * res->error (a class name not in labels is named). */
int ltb_http_parse_torchserve(const ltb_http_reply *r, const char *const *labels, int n_labels,
                              int top_k, ltb_result *res);

/* The Content-Type of an image file's bytes, from its signature: image/jpeg,
 * image/png, image/gif, image/bmp, image/webp, else application/octet-stream.
 * TorchServe's worker decodes an application/json body (ltbench's default header)
 * as JSON first, and logs a warning with a traceback for every image it cannot. */
const char *ltb_torchserve_content_type(const unsigned char *bytes, size_t len);
#endif
