#!/usr/bin/env python3
"""zoo_python_loop.py — samples/s of the zoo's TorchScript files in a plain Python torch
loop (issue #19 part 5's measurement, beside `ltbench image -b 1,8` and, once merged,
`ltbench run`): torch.jit.load, eval, inference_mode, inputs made from the sidecar's
`inputs` SPECs (seeded, prepared before timing), warm-up, then timed forwards.

  zoo_python_loop.py MODELS_DIR [--models a,b] [--batch 1,8] [--threads T]
                     [--warmup W] [--min-iters N] [--min-time S] [--markdown]

Per model and batch: at least N timed forwards and at least S seconds (whichever ends
later); samples/s = batch x forwards / elapsed. Prints one JSON line per measurement, or
a Markdown table with --markdown. Wall-clock numbers: on a shared machine they move with
the load; say so beside them.
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings

import torch

warnings.simplefilter("ignore", FutureWarning)
DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16,
          "f64": torch.float64, "i64": torch.int64, "i32": torch.int32, "i16": torch.int16,
          "i8": torch.int8, "u8": torch.uint8, "bool": torch.bool}


def inputs(specs, n, g):
    out = []
    for spec in specs:
        parts = spec.split(":")
        dims = [n if d == "N" else int(d) for d in parts[1].split("x")]
        dtype = DTYPES[parts[2]] if len(parts) > 2 else torch.float32
        if dtype.is_floating_point:
            out.append(torch.randn(dims, generator=g).to(dtype))
        else:
            low, high = (int(v) for v in parts[3].split(",")) if len(parts) > 3 else (0, 2)
            out.append(torch.randint(low, high, dims, generator=g).to(dtype))
    return out


def zoo(models_dir):
    found = []
    for f in sorted(os.listdir(models_dir)):
        if not f.endswith(".json"):
            continue
        with open(os.path.join(models_dir, f)) as fh:
            meta = json.load(fh)
        if meta.get("exported_by") == "models/export_zoo_models.py" and \
                os.path.isfile(os.path.join(models_dir, f[:-5] + ".pt")):
            found.append(meta)
    return found


def measure(path, specs, batch, a):
    model = torch.jit.load(path, map_location="cpu").eval()
    args = inputs(specs, batch, torch.Generator().manual_seed(42))
    with torch.inference_mode():
        for _ in range(a.warmup):
            model(*args)
        n, start, times = 0, time.perf_counter(), []
        while True:
            t_i = time.perf_counter()
            model(*args)
            times.append(time.perf_counter() - t_i)
            n += 1
            elapsed = time.perf_counter() - start
            if n >= a.min_iters and elapsed >= a.min_time:
                break
    return {"samples_per_s": batch * n / elapsed, "forwards": n, "elapsed_s": elapsed,
            "ms_per_forward": 1e3 * elapsed / n, "p50_ms": 1e3 * statistics.median(times)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models_dir")
    ap.add_argument("--models", default="", help="comma-separated names (default: all found)")
    ap.add_argument("--batch", default="1,8")
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    # TorchScript's profiling executor profiles the first runs and optimises after them
    # (per input shape): fewer than 3 warm-up runs time the optimisation itself
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--min-iters", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=3.0)
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    batches = [int(b) for b in a.batch.split(",")]
    metas = zoo(a.models_dir)
    if a.models:
        want = a.models.split(",")
        missing = sorted(set(want) - {m["name"] for m in metas})
        if missing:
            sys.exit("zoo_python_loop.py: not exported in %s: %s" % (a.models_dir, ",".join(missing)))
        metas = [m for m in metas if m["name"] in want]
    rows = []
    for meta in metas:
        for b in batches:
            r = measure(os.path.join(a.models_dir, meta["name"] + ".pt"), meta["inputs"], b, a)
            r.update({"model": meta["name"], "batch": b, "threads": torch.get_num_threads(),
                      "torch": torch.__version__})
            rows.append(r)
            if not a.markdown:
                print(json.dumps(r), flush=True)
            else:
                print("%s b%d: %.2f samples/s" % (meta["name"], b, r["samples_per_s"]),
                      file=sys.stderr, flush=True)
    if a.markdown:
        print("| model | batch | samples/s | ms/forward | forwards |")
        print("|---|---:|---:|---:|---:|")
        for r in rows:
            print("| %s | %d | %.2f | %.1f | %d |" % (r["model"], r["batch"], r["samples_per_s"],
                                                     r["ms_per_forward"], r["forwards"]))


if __name__ == "__main__":
    main()
