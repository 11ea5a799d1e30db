#!/usr/bin/env python3
"""export_zoo_pt2.py — AOTInductor packages (.pt2) of zoo models, on demand (issue #19):
the TorchScript-vs-AOTInductor comparison for models beyond the ResNets.

    export_zoo_pt2.py --out DIR --only bert_base[,bert_tiny,...] [--max-batch 64]

Builds each model exactly as models/export_zoo_models.py does (same seed, so the same
weights as DIR/<name>.pt), exports it with torch.export (the batch dimension dynamic,
1..max-batch; other dims as the sidecar's inputs fix them), compiles it for the CPU with
torch._inductor.aoti_compile_and_package into DIR/<name>.pt2, and checks the package
against DIR/<name>.pt on seeded inputs at two batch sizes (the .pt must exist: export it
first). `ltbench run -m DIR/<name>.pt,DIR/<name>.pt2` then runs both in one table; the
package's tensors take the names of the .pt's sidecar inputs. Needs torch >= 2.6.
Compiling takes minutes on a small CPU: not part of set-up.
"""

import argparse
import os
import sys
import time
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_zoo_models as zoo  # noqa: E402


def export_one(out: str, spec, max_batch: int) -> None:
    pt = os.path.join(out, spec.name + ".pt")
    if not os.path.isfile(pt):
        raise SystemExit("export_zoo_pt2.py: %s is missing: export it first "
                         "(models/export_zoo_models.py --out %s --only %s)" % (pt, out, spec.name))
    start = time.perf_counter()
    model = spec.build().eval()
    g = torch.Generator().manual_seed(spec.seed)
    example = tuple(zoo.example_inputs(spec.inputs, 2, g))   # 2: batch 1 would be specialised
    batch = torch.export.Dim("batch", min=1, max=max_batch)
    dynamic = tuple({0: batch} for _ in example)
    with torch.no_grad():
        exported = torch.export.export(model, example, dynamic_shapes=dynamic)
    path = os.path.join(out, spec.name + ".pt2")
    tmp = "%s.tmp%d.pt2" % (path[:-4], os.getpid())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch._inductor.aoti_compile_and_package(exported, package_path=tmp)
    compile_s = time.perf_counter() - start
    compiled = torch._inductor.aoti_load_package(tmp)
    ts = torch.jit.load(pt, map_location="cpu")
    for n in (1, 3):
        args = zoo.example_inputs(spec.inputs, n, torch.Generator().manual_seed(100 + n))
        with torch.no_grad():
            want = ts(*args)
            got = compiled(*args)
        want = want if isinstance(want, torch.Tensor) else want[0]
        got = got if isinstance(got, torch.Tensor) else got[0]
        if not torch.allclose(got, want, rtol=1e-3, atol=1e-3):
            os.unlink(tmp)
            raise SystemExit("export_zoo_pt2.py: %s.pt2 differs from %s.pt (max |diff| %g)"
                             % (spec.name, spec.name, float((got - want).abs().max())))
    os.replace(tmp, path)
    print("exported %s.pt2 (AOTInductor, cpu, batch 1..%d) in %.1f s"
          % (spec.name, max_batch, compile_s))


def main() -> int:
    ap = argparse.ArgumentParser(description="AOTInductor packages of zoo models (on demand).")
    ap.add_argument("--out", required=True, help="the directory holding the zoo's .pt files")
    ap.add_argument("--only", required=True, help="comma-separated zoo names")
    ap.add_argument("--max-batch", type=int, default=64, help="largest batch (default 64)")
    a = ap.parse_args()
    if not hasattr(torch._inductor, "aoti_compile_and_package"):
        print("export_zoo_pt2.py: torch %s cannot write .pt2 packages (needs >= 2.6)"
              % torch.__version__, file=sys.stderr)
        return 2
    by_name = {s.name: s for s in zoo.ZOO}
    for name in a.only.split(","):
        if name not in by_name:
            print("export_zoo_pt2.py: --only: '%s' is not a zoo model (%s)"
                  % (name, ", ".join(sorted(by_name))), file=sys.stderr)
            return 2
        export_one(a.out, by_name[name], a.max_batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
