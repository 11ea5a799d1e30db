/* generic_inputs.h — binding `ltbench run`'s input SPECs to a model's forward
 * arguments: each SPEC (from --input, else the model's sidecar) names an argument by
 * name or position; dtypes default to what the schema declares (int -> i64,
 * float -> f64, bool -> bool, Tensor -> f32); files (.npy, .npz entry, torch.save)
 * are read here. Every error is one line naming the input, before any timing. */
#ifndef LTB_GENERIC_INPUTS_H
#define LTB_GENERIC_INPUTS_H

#include <stddef.h>

#include "input_spec.h"
#include "lt_shim.h"
#include "workload_tensors.h"

/* "x: Tensor, ids: Tensor, scale: float = ..." into buf. */
void ltb_generic_args_text(const lt_generic_arg *args, int n_args, char *buf, size_t cap);

/* Resolves specs (the user's first; sidecar_specs fill arguments the user left out,
 * and give the declared shape a file is checked against) into out[*n_out]. 0, or -1
 * with err (unknown or missing input, duplicate, unsupported argument type, wrong rank
 * or dtype for the schema, unreadable file, file shape against the sidecar). On
 * failure nothing is left allocated. */
int ltb_generic_inputs_resolve(const char *model_path, const lt_generic_arg *args, int n_args,
                               const ltb_input_spec *specs, int n_specs,
                               const ltb_input_spec *sidecar_specs, int n_sidecar,
                               ltb_tensor_input *out, int *n_out, char *err, size_t errlen);
/* Reads a tensor file for input name (".npy", "FILE.npz" + entry or name, else
 * torch.save through the shim). 0, or -1 with err naming the input and file. */
int ltb_generic_input_file(const char *name, const char *file, const char *entry,
                           ltb_array *out, char *err, size_t errlen);
#endif
