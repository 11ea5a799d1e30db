/* http_v2_json.h — an Open Inference Protocol JSON body read fast: one scan finds
 * the numeric "data" lists of key's tensors ("inputs" of an infer request, "outputs"
 * of an answer), checks their punctuation and counts their words; cJSON then parses
 * the rest of the body (those lists blanked to []) for names, shapes, datatypes,
 * parameters and ids; each list's words are checked and converted straight into a
 * typed buffer the caller sized from the shape (or only checked, ltb_v2_json_check).
 * A cJSON tree node per number (~300 M instructions for a 1x3x224x224 FP32 image)
 * becomes ~370 instructions per number (56 M; BENCHMARKS.md). Acceptance (after
 * ltb_v2_json_check) is
 * cJSON's (whose number syntax is a superset of JSON's) plus three refusals cJSON
 * alone does not make: bytes after the JSON value, nesting over
 * LTB_V2_JSON_MAX_DEPTH, and values out of the asked type's range. Pure, unit-tested
 * against cJSON + strtod, and fuzzed differentially (tests/fuzz/fuzz_http_v2_json.c). */
#ifndef LTB_HTTP_V2_JSON_H
#define LTB_HTTP_V2_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "http_v2.h"

/* Objects and lists may nest this deep in a body (cJSON alone allows 1000). */
#define LTB_V2_JSON_MAX_DEPTH 64

typedef enum {
    LTB_V2_JSON_DATA_TREE = 0,   /* no numeric list read by the scan: the tree has it */
    LTB_V2_JSON_DATA_NUMBERS,    /* numbers (and true/false), flat or nested: read fast */
    LTB_V2_JSON_DATA_NOT_NUMBER, /* holds something else (kept in the tree) */
    LTB_V2_JSON_DATA_TOO_DEEP,   /* lists nested over LTB_V2_MAX_DIMS (kept in the tree) */
} ltb_v2_json_data_kind;

/* The "data" list of key[i]. */
typedef struct ltb_v2_json_data {
    ltb_v2_json_data_kind kind;
    size_t start, end;           /* NUMBERS: body offsets of its '[' and one past its ']' */
    size_t count;                /* NUMBERS: its values; NOT_NUMBER: the first bad one's index */
    int checked;                 /* NUMBERS: every word's syntax checked (converted or checked) */
} ltb_v2_json_data;

/* A body read by ltb_v2_json_parse. */
typedef struct ltb_v2_json_body {
    const char *body;            /* the caller's bytes (not copied: keep them alive) */
    size_t len;
    char key[16];                /* "inputs" or "outputs" */
    cJSON *root;                 /* the body with its NUMBERS lists blanked to [] */
    ltb_v2_json_data data[LTB_V2_MAX_TENSORS];   /* key[0..15]'s "data" lists */
} ltb_v2_json_body;

/* Reads body (len bytes of JSON) and finds the data lists of key's tensors: their
 * punctuation and words are checked here, each word's number syntax when it is
 * converted (ltb_v2_json_tensor_of) or by ltb_v2_json_check, which a caller runs
 * after reading what it needs: only then is the body known to be JSON. 0, or -1 with
 * a one-line err ("request body: ..." naming the byte). Free with ltb_v2_json_free. */
int ltb_v2_json_parse(const char *body, size_t len, const char *key, ltb_v2_json_body *out,
                      char *err, size_t errlen);
void ltb_v2_json_free(ltb_v2_json_body *b);

/* key[i]'s NUMBERS list into out: n elements of dt (FP32, FP64, INT8..INT64,
 * UINT8..UINT64; true/false are 1/0), in row-major order, each what strtod gives
 * cast to dt. n must be the list's count. A value out of dt's range (an infinity,
 * a fraction or an overflow for the integers) fails. 0, or -1 with err naming the
 * element ("inputs[0].data[12]: 1e39 is out of FP32's range"). */
int ltb_v2_json_numbers(ltb_v2_json_body *b, int i, ltb_v2_datatype dt, void *out, size_t n,
                        char *err, size_t errlen);
/* Checks the number syntax of every NUMBERS list not converted yet ("inputs[1].data[3]:
 * '1e' is not a number"). 0, or -1 with err. */
int ltb_v2_json_check(ltb_v2_json_body *b, char *err, size_t errlen);

/* One tensor of a read body, its values in the type the caller asked for. */
typedef struct ltb_v2_json_tensor {
    char name[LTB_V2_NAME_LEN];
    ltb_v2_datatype datatype;    /* as the body declares it */
    int64_t shape[LTB_V2_MAX_DIMS];
    int ndim;
    void *values;                /* n elements of the type asked for (malloc'd) */
    size_t n;
} ltb_v2_json_tensor;

/* The tensor named want (NULL: the first) of b's key list, its values as dt (see
 * ltb_v2_json_numbers): read fast from its NUMBERS list, else through cJSON's tree
 * and ltb_v2_tensor_of (every other case: the same values and errors as before).
 * Checks the count against the shape; BYTES tensors fail. 0, or -1 with a one-line
 * err naming the field ("inputs[0].data: expected 150528 numbers, got 7"). */
int ltb_v2_json_tensor_of(ltb_v2_json_body *b, const char *want, ltb_v2_datatype dt,
                          ltb_v2_json_tensor *out, char *err, size_t errlen);
void ltb_v2_json_tensor_free(ltb_v2_json_tensor *t);

/* Stores v as element i of out (dt as above); -1 when out of dt's range. Shared by
 * the fast reader and the tree fallback, so both cast alike. */
int ltb_v2_json_store(ltb_v2_datatype dt, double v, void *out, size_t i);
/* Whether ltb_v2_json_numbers and ltb_v2_json_store write dt. */
int ltb_v2_json_writes(ltb_v2_datatype dt);
#endif
