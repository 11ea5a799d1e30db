#!/usr/bin/env python3
"""make_run_fixtures.py — writes the models and input files that tests/e2e/test_run_*.c
use, into the directory given as argv[1] (created if missing).

    python3 tests/e2e/make_run_fixtures.py OUTDIR

  run_multi.pt    forward(x: float[N,16], ids: int64[N,8], scale: float = 1.0)
                  -> Dict[str, Tensor] {"logits": [N,4], "pooled": [N], "ids_sum": [N]};
                  run_multi.json: "inputs": ["x:Nx16", "ids:Nx8:i64:0,50"]
  run_multi_bare.pt  the same model without a sidecar
  run_nested.pt   forward(x: float[N,K]) -> (x * 2, {"a": x + 1, "b": x.sum(1)}, [x[:, 0], x.max()])
                  (no sidecar: inputs must be given)
  run_raises.pt   forward(x) raises RuntimeError("fixture run refuses this input")
  run_seqlen.pt   forward(ids: int64[N,T]) -> float[N,T,8] (an embedding): any T, for shape sweeps
  ids_2x8.npy, ids_2x8.pt (torch.save), inputs.npz (stored: x, ids), inputs_z.npz
  (deflated), x_2x16.npy, x_3d.npy (2x16x1: wrong rank for the sidecar), bad.npy
  (truncated), not_a_tensor.pt (a dict)
Standard library, numpy and torch only.
"""
import json
import os
import sys
from typing import Dict, List, Tuple

import numpy as np
import torch


class Multi(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(19)
        self.linear = torch.nn.Linear(16, 4)
        self.emb = torch.nn.Embedding(50, 4)
        self.register_buffer("offset", torch.arange(4, dtype=torch.float32))
        self.label: str = "multi"

    def forward(self, x: torch.Tensor, ids: torch.Tensor, scale: float = 1.0) -> Dict[str, torch.Tensor]:
        logits = self.linear(x) * scale + self.emb(ids).mean(1) + self.offset
        return {"logits": logits, "pooled": x.mean(-1), "ids_sum": ids.sum(1)}

    @torch.jit.export
    def describe(self) -> str:
        return self.label


class Nested(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, Dict[str, torch.Tensor], List[torch.Tensor]]:
        return x * 2, {"a": x + 1, "b": x.sum(1)}, [x[:, 0], x.max()]


class Raises(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.numel() >= 0:
            raise RuntimeError("fixture run refuses this input")
        return x


class SeqLen(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(7)
        self.emb = torch.nn.Embedding(100, 8)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.emb(ids)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.jit.script(Multi().eval()).save(os.path.join(out, "run_multi.pt"))
    with open(os.path.join(out, "run_multi.json"), "w") as f:
        json.dump({"name": "run_multi", "task": "generic",
                   "inputs": ["x:Nx16", "ids:Nx8:i64:0,50"],
                   "outputs": ["logits", "pooled", "ids_sum"]}, f, indent=2)
    torch.jit.script(Multi().eval()).save(os.path.join(out, "run_multi_bare.pt"))
    torch.jit.script(Nested().eval()).save(os.path.join(out, "run_nested.pt"))
    torch.jit.script(Raises().eval()).save(os.path.join(out, "run_raises.pt"))
    torch.jit.script(SeqLen().eval()).save(os.path.join(out, "run_seqlen.pt"))
    rng = np.random.default_rng(5)
    ids = rng.integers(0, 50, size=(2, 8)).astype(np.int64)
    x = rng.standard_normal((2, 16)).astype(np.float32)
    np.save(os.path.join(out, "ids_2x8.npy"), ids)
    np.save(os.path.join(out, "x_2x16.npy"), x)
    np.save(os.path.join(out, "x_3d.npy"), x.reshape(2, 16, 1))
    torch.save(torch.from_numpy(ids), os.path.join(out, "ids_2x8.pt"))
    torch.save({"ids": torch.from_numpy(ids)}, os.path.join(out, "not_a_tensor.pt"))
    np.savez(os.path.join(out, "inputs.npz"), x=x, ids=ids)
    np.savez_compressed(os.path.join(out, "inputs_z.npz"), x=x, ids=ids)
    with open(os.path.join(out, "x_2x16.npy"), "rb") as f:
        data = f.read()
    with open(os.path.join(out, "bad.npy"), "wb") as f:
        f.write(data[: len(data) - 10])


if __name__ == "__main__":
    main()
