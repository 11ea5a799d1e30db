#!/usr/bin/env python3
"""export_llm_pt2.py — AOTInductor packages (.pt2) of ltbench's language models (issue #23):
one package holding two compiled models, "prefill" and "decode", that `ltbench llm -m
DIR/<name>.pt2` runs as it runs DIR/<name>.pt.

    export_llm_pt2.py --out DIR [--only llama_fixture[,llama_tiny,gpt2_tiny,gpt2_small]|none]
                      [--max-batch 64] [--force]

- llama_fixture (the default, $LTBENCH_LLM_PT2 else llama_fixture; exported by scripts/setup
  where torch >= 2.6, LTBENCH_LLM_PT2=none skips it and test_aoti_llm skips): a deliberately
  tiny Llama layout (d=64, 2 layers, 4 query / 2 key-value heads, vocab 512, max_seq_len
  128) for the tests; this script also writes its TorchScript DIR/llama_fixture.pt and
  sidecar DIR/llama_fixture.json (models/export_llm_models.py's model and format).
- llama_tiny, gpt2_tiny, gpt2_small: on demand, from the weights of DIR/<name>.pt
  (models/export_llm_models.py: export it first), so both files compute the same tokens.

The package's contract (README.md "ltbench llm"; the cache is functional, passed in and
returned, since a compiled model keeps no state between calls):
  prefill(ids: int64[B,T]) -> (logits float[B,V] of the last position,
                               cache float[layers, 2, B, kv_heads, max_seq_len, head_dim])
  decode(ids: int64[B,1], cache, pos: int64[1]) -> (logits float[B,V], new cache)
pos = the position of ids (the tokens already in the cache). The cache has a fixed length
(max_seq_len): decode writes position pos and attends over every position with the later
ones masked out, so its shapes never depend on pos (a static cache, as Hugging Face's
StaticCache). B is dynamic (1..--max-batch) in both, T (1..max_seq_len) in prefill. Each
model's metadata (AOTIModelPackageLoader::get_metadata) holds vocab_size, max_seq_len and
max_batch (a request with a larger -b fails with a one-line reason).

Each model goes through torch.export and torch._inductor.aot_compile (aot_inductor.package),
then torch._inductor.package.package_aoti packs both under their names. The kernels are
compiled with cpp.dynamic_threads, so they use the OpenMP threads of the thread that runs
them (ltbench's -t), not the count of the exporting process. The package is checked
against the TorchScript file with a greedy loop (tokens equal, logits within 1e-3 of 1 +
the largest |logit|) before it replaces DIR/<name>.pt2. DIR/<name>.pt2.json records the
compile time, torch version, this script's sha256 and the .pt's; an up-to-date package is
skipped unless --force. Older torch (< 2.6): one line says the packages are skipped, exit 0.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_llm_models as llm  # noqa: E402  (re-executes with PYTHONHASHSEED=0)

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from typing import List, Tuple  # noqa: E402

import torch  # noqa: E402
from torch import Tensor, nn  # noqa: E402

import export_common  # noqa: E402

FIXTURE = "llama_fixture"
llm.CONFIGS[FIXTURE] = dict(layout="llama", d=64, layers=2, heads=4, kv_heads=2, ffn=172,
                            vocab=512, max_seq_len=128, seed=26)
NAMES = [FIXTURE, "llama_tiny", "gpt2_tiny", "gpt2_small"]


def aoti_missing() -> str:
    """Why this torch cannot write multi-model .pt2 packages ("" when it can); imports
    torch._inductor (seconds) only when a package is to be written."""
    major, minor = (int(p) for p in torch.__version__.split(".")[:2])
    if (major, minor) < (2, 6) or not hasattr(torch, "export"):
        return "AOTInductor packages need torch >= 2.6, this is %s" % torch.__version__
    return ""


def import_inductor() -> None:
    try:
        import torch._inductor  # noqa: F401
        from torch._inductor.package import package_aoti  # noqa: F401
    except ImportError as e:  # pragma: no cover (depends on the install)
        raise SystemExit("export_llm_pt2.py: torch._inductor does not import: %s" % e)


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def script_sha() -> str:
    """This script's, export_common's and export_llm_models.py's (the model code) sha256."""
    h = hashlib.sha256(export_common.script_sha256(__file__).encode())
    h.update(file_sha256(os.path.abspath(llm.__file__)).encode())
    return h.hexdigest()


# ---- the static-cache computation: the blocks' own layers, shapes independent of pos --

def attend(attn: "llm.Attention", x: Tensor, layer_cache: Tensor, positions: Tensor,
           prefill: bool) -> Tuple[Tensor, Tensor]:
    """attn over x [B,T,d] at positions [T]: writes k/v into a copy of layer_cache
    [2,B,kv,S,hd]; a prefill (positions 0..T-1) attends over its own k/v, a decode step
    over all S positions of the cache (later ones masked). No slice of the cache: its
    length would tie T to S in the exported shapes."""
    B, T, _ = x.shape
    q = attn.q(x).view(B, T, attn.heads, attn.head_dim).transpose(1, 2)
    k = attn.k(x).view(B, T, attn.kv_heads, attn.head_dim).transpose(1, 2)
    v = attn.v(x).view(B, T, attn.kv_heads, attn.head_dim).transpose(1, 2)
    if attn.rotary:
        cos = attn.cos.index_select(0, positions).to(q.dtype)
        sin = attn.sin.index_select(0, positions).to(q.dtype)
        q = q * cos + llm.rotate_half(q) * sin
        k = k * cos + llm.rotate_half(k) * sin
    keys_all = layer_cache[0].index_copy(2, positions, k.to(layer_cache.dtype))
    values_all = layer_cache[1].index_copy(2, positions, v.to(layer_cache.dtype))
    keys, values = (k, v) if prefill else (keys_all, values_all)
    if attn.kv_heads != attn.heads:
        keys = keys.repeat_interleave(attn.heads // attn.kv_heads, dim=1)
        values = values.repeat_interleave(attn.heads // attn.kv_heads, dim=1)
    scores = torch.matmul(q, keys.transpose(-1, -2)) / math.sqrt(attn.head_dim)
    kpos = torch.arange(keys.shape[2], device=x.device)
    scores = scores.masked_fill(kpos.unsqueeze(0) > positions.unsqueeze(1), float("-inf"))
    out = torch.matmul(torch.softmax(scores.float(), dim=-1).to(values.dtype), values)
    out = attn.o(out.transpose(1, 2).reshape(B, T, attn.heads * attn.head_dim))
    return out, torch.stack((keys_all, values_all))


def run_static(lm: "llm.DecoderLM", ids: Tensor, cache: Tensor, positions: Tensor,
               prefill: bool) -> Tuple[Tensor, Tensor]:
    x = lm.embed(ids)
    if lm.learned_positions:
        x = x + lm.positions(positions)
    layers: List[Tensor] = []
    for i, blk in enumerate(lm.blocks):
        if isinstance(blk, llm.GPT2Block):
            h, kv = attend(blk.attn, blk.ln1(x), cache[i], positions, prefill)
            x = x + h
            x = x + blk.proj(blk.act(blk.fc(blk.ln2(x))))
        else:
            h, kv = attend(blk.attn, blk.norm1(x), cache[i], positions, prefill)
            x = x + h
            n = blk.norm2(x)
            x = x + blk.down(torch.nn.functional.silu(blk.gate(n)) * blk.up(n))
        layers.append(kv)
    return lm.head(lm.norm(x[:, -1])).float(), torch.stack(layers)


class Prefill(nn.Module):
    def __init__(self, lm: "llm.DecoderLM"):
        super().__init__()
        self.lm = lm

    def forward(self, ids: Tensor) -> Tuple[Tensor, Tensor]:
        lm = self.lm
        B, T = ids.shape
        cache = torch.zeros(lm.n_layers, 2, B, lm.kv_heads, lm.max_seq_len, lm.head_dim,
                            dtype=lm.embed.weight.dtype, device=ids.device)
        return run_static(lm, ids, cache, torch.arange(T, device=ids.device), True)


class Decode(nn.Module):
    def __init__(self, lm: "llm.DecoderLM"):
        super().__init__()
        self.lm = lm

    def forward(self, ids: Tensor, cache: Tensor, pos: Tensor) -> Tuple[Tensor, Tensor]:
        return run_static(self.lm, ids, cache, pos.reshape(1), False)


# ---- export, compile, package, check --------------------------------------------------

def compile_model(module: nn.Module, args: tuple, dynamic, metadata: dict) -> list:
    """torch.export, then AOTInductor's files for one model of a package."""
    exported = torch.export.export(module, args, dynamic_shapes=dynamic, strict=False)
    try:
        gm = exported.module(check_guards=False)
    except TypeError:   # a torch without check_guards
        gm = exported.module()
    # dynamic_threads: the kernels ask OpenMP for the caller's thread count (ltbench -t)
    # when they run, instead of the count of this process when they were compiled
    options = {"aot_inductor.package": True, "aot_inductor.metadata": metadata,
               "cpp.dynamic_threads": True}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch._inductor.aot_compile(gm, args, options=options)


def greedy_check(pkg_path: str, ts: torch.jit.ScriptModule, vocab: int, steps: int = 8) -> float:
    """Greedy tokens of the package equal the TorchScript file's; the largest |logits|
    difference, relative to 1 + the largest |logit|."""
    from torch._inductor.package import load_package
    prefill = load_package(pkg_path, "prefill")
    decode = load_package(pkg_path, "decode")
    worst = 0.0
    for B, T in ((2, 5), (1, 1)):
        ids = torch.randint(0, vocab, (B, T), generator=torch.Generator().manual_seed(B * 10 + T))
        with torch.inference_mode():
            want, ts_cache = ts.prefill(ids)
            got, cache = prefill(ids)
            for step in range(steps):
                worst = max(worst, float((got - want).abs().max() / (1 + want.abs().max())))
                a, b = want.argmax(-1, keepdim=True), got.argmax(-1, keepdim=True)
                if not torch.equal(a, b):
                    raise SystemExit("export_llm_pt2.py: %s: greedy token %d differs from the .pt's"
                                     % (pkg_path, step))
                pos = T + step
                want, ts_cache = ts.decode(a, ts_cache, pos)
                got, cache = decode(b, cache, torch.tensor([pos], dtype=torch.long))
    return worst


def export_pt2(out: str, name: str, sha: str, max_batch: int) -> None:
    c = llm.CONFIGS[name]
    pt = os.path.join(out, name + ".pt")
    ts = torch.jit.load(pt, map_location="cpu").eval()
    start = time.perf_counter()
    lm = llm.DecoderLM(c).eval()
    lm.load_state_dict(ts.state_dict())
    for p in lm.parameters():
        p.requires_grad_(False)
    S = c["max_seq_len"]
    meta = {"vocab_size": str(c["vocab"]), "max_seq_len": str(S), "max_batch": str(max_batch),
            "ltbench_task": "llm"}
    batch = torch.export.Dim("batch", min=1, max=max_batch)
    seq = torch.export.Dim("seq", min=1, max=S)
    ids = torch.randint(0, c["vocab"], (2, 5), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        prefill = Prefill(lm).eval()
        files = {"prefill": compile_model(prefill, (ids,), {"ids": {0: batch, 1: seq}},
                                          dict(meta, method="prefill"))}
        cache = prefill(ids)[1]
        step = (ids[:, :1].contiguous().clone(), cache, torch.tensor([5], dtype=torch.long))
        files["decode"] = compile_model(Decode(lm).eval(), step,
                                        {"ids": {0: batch}, "cache": {2: batch}, "pos": None},
                                        dict(meta, method="decode"))
    from torch._inductor.package import package_aoti
    path = os.path.join(out, name + ".pt2")
    tmp = "%s.tmp%d.pt2" % (path[:-4], os.getpid())
    package_aoti(tmp, files)
    compile_s = time.perf_counter() - start
    try:
        worst = greedy_check(tmp, ts, c["vocab"])
        if worst > 1e-3:
            raise SystemExit("export_llm_pt2.py: %s.pt2's logits differ from %s.pt by %g (relative)"
                             % (name, name, worst))
    except BaseException:
        os.unlink(tmp)
        raise
    os.replace(tmp, path)
    side = {
        "name": name, "format": "AOTInductor package, models prefill and decode "
                                "(torch._inductor.package.package_aoti)",
        "device": "cpu", "contract": "prefill(ids: int64[B,T]) -> (logits float[B,V], cache); "
                                     "decode(ids: int64[B,1], cache, pos: int64[1]) -> "
                                     "(logits float[B,V], cache)",
        "vocab_size": c["vocab"], "max_seq_len": S, "dynamic_batch": [1, max_batch],
        "weights_from": name + ".pt", "pt_sha256": file_sha256(pt),
        "compile_seconds": round(compile_s, 1), "greedy_check_max_rel_diff": worst,
        "torch_version": torch.__version__, "script_sha256": sha,
        "exported_by": "models/export_llm_pt2.py",
    }
    export_common.write_atomic(path + ".json", (json.dumps(side, indent=2) + "\n").encode())
    print("exported %s.pt2 (AOTInductor, cpu, prefill + decode, batch 1..%d) in %.1f s"
          % (name, max_batch, compile_s))


def pt2_up_to_date(out: str, name: str, sha: str) -> bool:
    path = os.path.join(out, name + ".pt2")
    try:
        with open(path + ".json") as f:
            meta = json.load(f)
        pt_sha = file_sha256(os.path.join(out, name + ".pt"))
    except (OSError, ValueError):
        return False
    return (os.path.isfile(path) and meta.get("torch_version") == torch.__version__
            and meta.get("script_sha256") == sha and meta.get("pt_sha256") == pt_sha)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="the directory holding the llm .pt files")
    ap.add_argument("--only", default=os.environ.get("LTBENCH_LLM_PT2") or FIXTURE,
                    help="comma-separated subset of %s, or none (default $LTBENCH_LLM_PT2, "
                         "else %s)" % (",".join(NAMES), FIXTURE))
    ap.add_argument("--max-batch", type=int, default=64, help="largest batch (default 64)")
    ap.add_argument("--force", action="store_true", help="re-export even if up to date")
    a = ap.parse_args()
    if a.only == "none":
        print("skipped llm .pt2 packages: --only none (LTBENCH_LLM_PT2)")
        return 0
    names = [n.strip() for n in a.only.split(",") if n.strip()]
    bad = [n for n in names if n not in NAMES]
    if bad or not names:
        ap.error("--only: unknown model %s (choose from %s)" % (",".join(bad) or "''",
                                                                 ",".join(NAMES)))
    if a.max_batch < 1:
        ap.error("--max-batch must be >= 1")
    missing = aoti_missing()
    if missing:
        print("skipped llm .pt2 packages: %s" % missing)
        return 0
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    sha = script_sha()
    wrote = False
    for name in names:
        if name == FIXTURE and (a.force or not export_common.up_to_date(
                a.out, name, torch.__version__, sha)):
            llm.export(a.out, name, sha)   # its TorchScript file and sidecar
            wrote = True
        if not os.path.isfile(os.path.join(a.out, name + ".pt")):
            print("export_llm_pt2.py: %s.pt is missing in %s: export it first "
                  "(models/export_llm_models.py --out %s --only %s)" % (name, a.out, a.out, name),
                  file=sys.stderr)
            return 2
        if a.force or not pt2_up_to_date(a.out, name, sha):
            import_inductor()
            export_pt2(a.out, name, sha, a.max_batch)
            wrote = True
    if not wrote:
        print("llm .pt2 packages up to date in %s" % a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
