#!/usr/bin/env python3
"""Python torch's outputs for the inputs `ltbench run --save-inputs` saved, to compare
ltbench's saved outputs against (issue #19).

    run_reference.py MODEL DIR [--threads N] [--check ATOL]

MODEL is a TorchScript file; DIR holds one NAME.npy per argument of MODEL's forward
(DIR/<level>/ of `--save-inputs`). The arguments are taken by name in the forward's
schema order; other .npy files in DIR are ignored. The model runs once on the CPU under
torch.no_grad(), and its outputs are written to DIR/reference/ with ltbench's naming:
output.npy for a single tensor, output.0.npy, output.1.npy ... for tuple/list items,
output.KEY.npy for dict entries, nested names joined with dots (numbers and bools become
0-d arrays; bfloat16 is written as float32, which numpy can hold).

--check ATOL then compares every reference output with the file of the same name in DIR
(what `--save-outputs DIR` wrote): same shape, same dtype, values within ATOL (absolute,
NaN equal to NaN), and no output on either side missing on the other; exit 1 otherwise.

Prints one JSON line: the inputs read and, per output, its name, shape, dtype and (with
--check) max_abs_diff. Bad input (no such model, a missing or unreadable .npy, an .npy of
the wrong dtype for the schema): one line naming it on stderr, exit 2.
"""

import argparse
import json
import os
import sys
import warnings
from typing import Dict, List

import numpy as np
import torch

# numpy dtype -> torch dtype for what np.load can hold; bf16 has no numpy type
NUMPY_TO_TORCH = {np.dtype(k): v for k, v in (
    ("float32", torch.float32), ("float16", torch.float16), ("float64", torch.float64),
    ("int64", torch.int64), ("int32", torch.int32), ("int16", torch.int16),
    ("int8", torch.int8), ("uint8", torch.uint8), ("bool", torch.bool))}


def fail(msg: str) -> None:
    print("run_reference.py: " + msg, file=sys.stderr)
    sys.exit(2)


def forward_arguments(model: torch.jit.ScriptModule) -> List[str]:
    """The forward's argument names after self, in schema order."""
    try:
        args = model.forward.schema.arguments
    except AttributeError:
        fail("the model's forward has no schema (not a TorchScript module?)")
    return [a.name for a in args if a.name != "self"]


def read_input(path: str) -> torch.Tensor:
    if not os.path.isfile(path):
        fail("%s: no such file (one .npy per forward argument)" % path)
    try:
        arr = np.load(path, allow_pickle=False)
    except Exception as e:  # noqa: BLE001 - any unreadable file is reported the same
        fail("%s: not a readable .npy (%s)" % (path, str(e).splitlines()[0] if str(e) else e))
    if arr.dtype.kind == "V" and arr.dtype.itemsize == 2:       # raw bfloat16 bits
        return torch.from_numpy(np.ascontiguousarray(arr).view(np.int16)).view(torch.bfloat16)
    if arr.dtype.newbyteorder("=") not in NUMPY_TO_TORCH:
        fail("%s: dtype %s is not a tensor dtype ltbench writes" % (path, arr.dtype))
    arr = arr.astype(arr.dtype.newbyteorder("="), copy=False)
    return torch.from_numpy(np.ascontiguousarray(arr))


def flatten(value, prefix: str, out: Dict[str, np.ndarray]) -> None:
    """Outputs by file stem: output, output.0, output.KEY, output.0.KEY ..."""
    if isinstance(value, torch.Tensor):
        t = value.detach().cpu()
        if t.dtype == torch.bfloat16:
            t = t.float()
        out[prefix] = t.contiguous().numpy()
    elif isinstance(value, dict):
        for key, v in value.items():
            flatten(v, "%s.%s" % (prefix, key), out)
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            flatten(v, "%s.%d" % (prefix, i), out)
    elif isinstance(value, (bool, int, float)):
        out[prefix] = np.asarray(value)
    elif value is not None:
        fail("the model returned a %s, which has no .npy form" % type(value).__name__)


def max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return 0.0
    if a.dtype == np.bool_:
        return float(np.count_nonzero(a != b))
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    both_nan = np.isnan(a64) & np.isnan(b64)
    d = np.where(both_nan, 0.0, np.abs(a64 - b64))
    return float(np.nan_to_num(d, nan=np.inf).max())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", help="TorchScript file")
    ap.add_argument("dir", help="folder with one NAME.npy per forward argument")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--check", type=float, default=None, metavar="ATOL",
                    help="compare with DIR/output*.npy; exit 1 beyond ATOL")
    args = ap.parse_args()
    if args.threads < 0:
        fail("--threads %d: must be >= 0" % args.threads)
    if args.check is not None and not args.check >= 0:
        fail("--check %s: must be a number >= 0" % args.check)
    if not os.path.isfile(args.model):
        fail("%s: no such model file" % args.model)
    if not os.path.isdir(args.dir):
        fail("%s: no such folder" % args.dir)
    if args.threads:
        torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore", FutureWarning)     # torch.jit's deprecation notice
    try:
        model = torch.jit.load(args.model, map_location="cpu")
    except Exception as e:  # noqa: BLE001
        fail("%s: not a loadable TorchScript file (%s)"
             % (args.model, str(e).splitlines()[0] if str(e) else e))
    model.eval()
    names = forward_arguments(model)
    inputs = [read_input(os.path.join(args.dir, n + ".npy")) for n in names]
    with torch.no_grad():
        try:
            result = model(*inputs)
        except Exception as e:  # noqa: BLE001 - a model error on these inputs is reported
            fail("%s: forward failed on %s: %s" % (args.model, args.dir,
                                                   str(e).strip().splitlines()[-1]))
    outputs: Dict[str, np.ndarray] = {}
    flatten(result, "output", outputs)
    ref_dir = os.path.join(args.dir, "reference")
    os.makedirs(ref_dir, exist_ok=True)
    for stem, arr in outputs.items():
        np.save(os.path.join(ref_dir, stem + ".npy"), arr)
    report = {"inputs": names, "outputs": []}
    ok = True
    for stem, arr in outputs.items():
        item = {"name": stem, "shape": list(arr.shape), "dtype": str(arr.dtype)}
        if args.check is not None:
            path = os.path.join(args.dir, stem + ".npy")
            if not os.path.isfile(path):
                item["error"] = "missing in %s" % args.dir
                ok = False
            else:
                got = np.load(path, allow_pickle=False)
                if got.shape != arr.shape or got.dtype != arr.dtype:
                    item["error"] = "saved %s %s" % (got.dtype, list(got.shape))
                    ok = False
                else:
                    item["max_abs_diff"] = max_abs_diff(got, arr)
                    ok = ok and item["max_abs_diff"] <= args.check
        report["outputs"].append(item)
    if args.check is not None:
        extra = sorted(f[:-4] for f in os.listdir(args.dir)
                       if f.startswith("output") and f.endswith(".npy")
                       and f[:-4] not in outputs)
        if extra:
            report["unexpected"] = extra
            ok = False
        report["ok"] = ok
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
