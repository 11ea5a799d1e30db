#!/usr/bin/env python3
"""make_shim_fixtures.py — writes the tiny TorchScript models that tests/unit/test_shim.c
opens, into the directory given as argv[1] (created if missing).

    python3 tests/unit/make_shim_fixtures.py OUTDIR

Standard library and torch only; works with torch 1.13 and 2.x (torch.jit.script).

  fixture_attrs.pt   attributes sample_rate: int = 22050, scale: float = 0.5,
                     label: str = "hello"; forward(x) = x * scale for 4-D x and raises
                     RuntimeError("rank") otherwise; encode(ids) = ids.float() * 2;
                     mix(x, ids, w) = x * w + ids.float() (three inputs)
  fixture_tuple.pt   forward(x) = (x + 1, x)
  fixture_scalar.pt  forward(x) = x.dim()  (an int, not a tensor)
  fixture_frozen.pt  a 3->4 channel 3x3 conv, frozen with torch.jit.freeze before saving
                     (its weights are graph constants and cannot be cast to fp16/bf16)
  fixture_oom.pt     forward(x) allocates x.numel() * 2**46 floats (256 TiB per element:
                     more than any address space), to provoke an out-of-memory error
  fixture_oom_device.pt  the same on x's device with 2**40 floats (4 TiB) per element:
                     more than any GPU has (tests/gpu: a CUDA out-of-memory error)
  fixture_fails_at_batch4.pt
                     a classifier (forward(x: [N,3,H,W]) -> [N,12]) whose forward raises
                     RuntimeError("fixture refuses a batch of 4") for N == 4 only: a model
                     that throws mid-sweep
  fixture_oom_from_batch8.pt
                     the same classifier, but for N >= 8 its forward first allocates
                     N * 2**44 floats (64 TiB per image: no machine has it): a batch too
                     large for memory, while smaller batches run
"""
import os
import sys

import torch


class Attrs(torch.nn.Module):
    sample_rate: int
    scale: float
    label: str

    def __init__(self):
        super().__init__()
        self.sample_rate = 22050
        self.scale = 0.5
        self.label = "hello"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4:
            raise RuntimeError("rank")
        return x * self.scale

    @torch.jit.export
    def encode(self, ids: torch.Tensor) -> torch.Tensor:
        return ids.float() * 2.0

    @torch.jit.export
    def mix(self, x: torch.Tensor, ids: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return x * w + ids.float()


class Pair(torch.nn.Module):
    def forward(self, x: torch.Tensor):
        return (x + 1.0, x)


class Scalar(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> int:
        return x.dim()


class Oom(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.numel() * (1 << 46)
        return torch.zeros([n])


class OomDevice(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.numel() * (1 << 40)
        return torch.zeros([n], device=x.device)


class FailsAtBatch4(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.size(0) == 4:
            raise RuntimeError("fixture refuses a batch of 4")
        return x.mean([2, 3]).repeat(1, 4)


class OomFromBatch8(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.size(0) >= 8:
            scratch = torch.zeros([x.size(0) * (1 << 44)])
            x = x + scratch[0]
        return x.mean([2, 3]).repeat(1, 4)


class Conv(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: make_shim_fixtures.py OUTDIR\n")
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    torch.jit.script(Attrs()).save(os.path.join(out, "fixture_attrs.pt"))
    torch.jit.script(Pair()).save(os.path.join(out, "fixture_tuple.pt"))
    torch.jit.script(Scalar()).save(os.path.join(out, "fixture_scalar.pt"))
    torch.jit.script(Oom()).save(os.path.join(out, "fixture_oom.pt"))
    torch.jit.script(OomDevice()).save(os.path.join(out, "fixture_oom_device.pt"))
    torch.jit.script(FailsAtBatch4()).save(os.path.join(out, "fixture_fails_at_batch4.pt"))
    torch.jit.script(OomFromBatch8()).save(os.path.join(out, "fixture_oom_from_batch8.pt"))
    frozen = torch.jit.freeze(torch.jit.script(Conv().eval()))
    frozen.save(os.path.join(out, "fixture_frozen.pt"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
