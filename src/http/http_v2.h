/* http_v2.h — the Open Inference Protocol (KServe v2 REST: Triton, KServe, MLServer,
 * TorchServe's KServe mode), client side: named tensors, the infer request body (JSON
 * tensor data, or the binary tensor extension: JSON header first, then the raw
 * tensors, its length in Inference-Header-Content-Length), the model metadata answer
 * and the infer answer (JSON or binary outputs). Pure functions, unit-tested and
 * fuzzed: a request body is built before timing, an answer parsed after it. */
#ifndef LTB_HTTP_V2_H
#define LTB_HTTP_V2_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "http_response.h"
#include "ltbench.h"

#define LTB_V2_MAX_DIMS 8
#define LTB_V2_MAX_TENSORS 16
#define LTB_V2_NAME_LEN 128
/* A metadata or infer answer longer than this is refused by the parsers (the HTTP
 * target's own limit, --max-response-mb, applies first). */
#define LTB_V2_MAX_ELEMENTS ((size_t)1 << 28)

typedef enum {
    LTB_V2_BOOL, LTB_V2_UINT8, LTB_V2_UINT16, LTB_V2_UINT32, LTB_V2_UINT64,
    LTB_V2_INT8, LTB_V2_INT16, LTB_V2_INT32, LTB_V2_INT64,
    LTB_V2_FP16, LTB_V2_FP32, LTB_V2_FP64, LTB_V2_BYTES, LTB_V2_BF16,
    LTB_V2_N_DATATYPES
} ltb_v2_datatype;

/* "FP32" -> datatype: 0, or -1 for another word. */
int ltb_v2_datatype_parse(const char *word, ltb_v2_datatype *dt);
const char *ltb_v2_datatype_name(ltb_v2_datatype dt);
/* Bytes per element (0 for BYTES, whose elements have their own lengths). */
size_t ltb_v2_datatype_size(ltb_v2_datatype dt);

/* One named tensor: its shape (-1 = variable, in metadata) and, for a request, its
 * row-major little-endian values (data, bytes; BYTES elements are not supported in
 * requests). */
typedef struct ltb_v2_tensor {
    char name[LTB_V2_NAME_LEN];
    ltb_v2_datatype datatype;
    int64_t shape[LTB_V2_MAX_DIMS];
    int ndim;
    const void *data;
    size_t bytes;
} ltb_v2_tensor;

/* GET /v2/models/{m}[/versions/{v}]: the model's inputs and outputs. */
typedef struct ltb_v2_metadata {
    char name[LTB_V2_NAME_LEN];
    ltb_v2_tensor inputs[LTB_V2_MAX_TENSORS];
    int n_inputs;
    ltb_v2_tensor outputs[LTB_V2_MAX_TENSORS];
    int n_outputs;
} ltb_v2_metadata;

/* The metadata answer into md. 0, or -1 with a one-line err (the field that is
 * wrong or missing). */
int ltb_v2_parse_metadata(const char *body, size_t len, ltb_v2_metadata *md, char *err,
                          size_t errlen);

/* The infer request for n inputs, asking for the outputs named (n_outputs 0: all the
 * model has). JSON tensor data ("data": flat row-major values), or with binary the
 * binary tensor extension: the JSON header (each input's parameters.binary_data_size,
 * each output's parameters.binary_data true) followed by the raw bytes, *header_len
 * = the header's length (0 for JSON). malloc'd, *len bytes; NULL with err. */
char *ltb_v2_request(const ltb_v2_tensor *inputs, int n, const char *const *outputs,
                     int n_outputs, int binary, size_t *len, size_t *header_len, char *err,
                     size_t errlen);

/* One output of an infer answer, its values as doubles (malloc'd, n values). */
typedef struct ltb_v2_values {
    char name[LTB_V2_NAME_LEN];
    ltb_v2_datatype datatype;
    int64_t shape[LTB_V2_MAX_DIMS];
    int ndim;
    double *values;
    size_t n;
} ltb_v2_values;

/* The tensor named want (NULL: the first) of the list key of body: "outputs" of an
 * infer answer, "inputs" of an infer request (the server side). body is JSON, or
 * header_len > 0 bytes of JSON followed by the binary tensors (those whose
 * parameters.binary_data_size is given) in list order. Checks the element count
 * against the shape. 0, or -1 with a one-line err; out->values malloc'd. */
int ltb_v2_parse_tensor(const char *body, size_t len, size_t header_len, const char *key,
                        const char *want, ltb_v2_values *out, char *err, size_t errlen);
/* The same over a JSON header the caller parsed already (root: body's first
 * header_len bytes, or all of it when 0). */
int ltb_v2_tensor_of(const cJSON *root, const char *body, size_t len, size_t header_len,
                     const char *key, const char *want, ltb_v2_values *out, char *err,
                     size_t errlen);
/* Only the head (name, datatype, shape) of that tensor of a JSON body's tree, and its
 * index in the list, for a reader that takes the values from elsewhere
 * (http_v2_json.h); the same checks and errors up to the values. */
int ltb_v2_tensor_head_of(const cJSON *root, const char *key, const char *want,
                          ltb_v2_values *out, int *index, char *err, size_t errlen);

/* The output named want (NULL: the first) of an infer answer: r->body is JSON, or,
 * when header_len > 0 (the answer's Inference-Header-Content-Length), that much
 * JSON followed by the binary outputs in the order the header lists them. Checks the
 * status ({"error": ...} bodies), that the output exists, that its data holds
 * shape's element count. 0, or -1 with res->error set; sets res->response_bytes. */
int ltb_v2_parse_output(const ltb_http_reply *r, size_t header_len, const char *want,
                        ltb_v2_values *out, ltb_result *res);
void ltb_v2_values_free(ltb_v2_values *v);

/* The image task's answer: the output want's first row ([batch, classes] or
 * [classes]) into top-k class ids and scores (the logits, as the in-process run
 * reports them); a leading dimension that is not the request's batch fails. */
int ltb_v2_parse_image(const ltb_http_reply *r, size_t header_len, const char *want,
                       int batch, int top_k, ltb_result *res);
#endif
