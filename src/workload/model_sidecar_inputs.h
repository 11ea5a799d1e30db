/* model_sidecar_inputs.h — the inputs a model's JSON sidecar declares for `ltbench run`:
 * "inputs": ["ids:Nx128:i64:0,30522", ...] (--input SPEC strings) and "outputs":
 * ["last_hidden_state", ...] (display names); for our classifiers, whose sidecars have
 * only "input_shape" [1,3,H,W], the SPEC "x:Nx3xHxW". */
#ifndef LTB_MODEL_SIDECAR_INPUTS_H
#define LTB_MODEL_SIDECAR_INPUTS_H

#include <stddef.h>

#define LTB_SIDECAR_MAX_INPUTS 16

typedef struct ltb_sidecar_inputs {
    int found;                                   /* a sidecar exists */
    int n_inputs;
    char inputs[LTB_SIDECAR_MAX_INPUTS][256];    /* SPEC strings */
    int n_outputs;
    char outputs[LTB_SIDECAR_MAX_INPUTS][64];
} ltb_sidecar_inputs;

/* Reads "{model without extension}.json" if present. 0 (found or not; n_inputs 0 when
 * it declares none), or -1 with err naming the sidecar and the field that is wrong. */
int ltb_sidecar_inputs_read(const char *model_path, ltb_sidecar_inputs *s, char *err,
                            size_t errlen);
#endif
