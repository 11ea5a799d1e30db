#!/usr/bin/env python3
"""run_saved_compare.py — an independent check of `ltbench run --save-inputs/--save-outputs`:
loads MODEL in Python torch, calls forward with the inputs IN_DIR/NAME.npy by argument
name, walks its output with the agreed naming (output, output.0, output.KEY, nested
joined with dots) and compares every tensor with OUT_DIR/<name>.npy.

    python3 tests/reference/run_saved_compare.py MODEL IN_DIR OUT_DIR [IN_DIR OUT_DIR ...]

(several levels in one call: torch is imported once). Exit 0 when, for every pair, the
same set of outputs exists on both sides and every element agrees within 1e-4 (absolute;
LTBENCH_REFERENCE_TOLERANCE overrides), else 1 with a line saying what differs.
"""
import glob
import os
import sys

import numpy as np
import torch


def walk(value, name, out):
    if isinstance(value, torch.Tensor):
        out[name] = value.detach().cpu()
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            walk(v, f"{name}.{i}", out)
    elif isinstance(value, dict):
        for k, v in value.items():
            walk(v, f"{name}.{k}", out)
    elif isinstance(value, (bool, int, float)):
        out[name] = torch.tensor(value)


def main():
    model, pairs = sys.argv[1], sys.argv[2:]
    if not pairs or len(pairs) % 2:
        print("usage: run_saved_compare.py MODEL IN_DIR OUT_DIR [IN_DIR OUT_DIR ...]")
        return 2
    tol = float(os.environ.get("LTBENCH_REFERENCE_TOLERANCE", "1e-4"))
    m = torch.jit.load(model, map_location="cpu").eval()
    for i in range(0, len(pairs), 2):
        if compare(m, pairs[i], pairs[i + 1], tol) != 0:
            return 1
    return 0


def compare(m, in_dir, out_dir, tol):
    kwargs = {os.path.basename(p)[:-4]: torch.from_numpy(np.load(p))
              for p in sorted(glob.glob(os.path.join(in_dir, "*.npy")))}
    if not kwargs:
        print(f"no inputs in {in_dir}")
        return 1
    with torch.no_grad():
        result = m(**kwargs)
    want = {}
    walk(result, "output", want)
    got = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(out_dir, "output*.npy"))}
    if got != set(want):
        print(f"outputs differ: ltbench {sorted(got)}, torch {sorted(want)}")
        return 1
    worst = 0.0
    for name, t in want.items():
        mine = np.load(os.path.join(out_dir, name + ".npy"))
        ref = t.float().numpy() if t.dtype == torch.bfloat16 else t.numpy()
        if mine.shape != ref.shape:
            print(f"{name}: shape {mine.shape} vs torch {ref.shape}")
            return 1
        diff = float(np.abs(mine.astype(np.float64) - ref.astype(np.float64)).max()) if ref.size else 0.0
        worst = max(worst, diff)
        if diff > tol:
            print(f"{name}: max difference {diff:g} > {tol:g}")
            return 1
    print(f"{out_dir}: {len(want)} outputs agree, max difference {worst:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
