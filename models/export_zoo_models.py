#!/usr/bin/env python3
"""Export ltbench's zoo of real architectures as TorchScript files (issue #19 part 5).

    export_zoo_models.py --out DIR [--only default|all|NAME,NAME...] [--force] [--list]

Every model is a published architecture at its published size with SEEDED RANDOM weights
(the framework's own initialisation under torch.manual_seed; BatchNorm statistics measured
on seeded synthetic inputs): the compute cost is the real one, the outputs mean nothing.
Writes DIR/<name>.pt (CPU, fp32, not frozen: the shim casts and freezes) and the sidecar
DIR/<name>.json, whose "inputs" are `--input` SPECs (NAME:DIMS[:DTYPE[:LOW,HIGH]], a
leading N = the batch) so `ltbench run -m DIR/<name>.pt` needs no --input, and whose
"gflops_per_sample" is counted by torch.utils.flop_counter.FlopCounterMode at batch 1
(a multiply-add counts 2 FLOPs).

  default (exported by scripts/setup, small):
    mobilenet_v3_large, efficientnet_b0   torchvision classifiers
    vit_tiny        torchvision VisionTransformer at the DeiT-Tiny size (ViT-Ti/16)
    bert_tiny       BERT encoder at the BERT-Tiny size (L=2, H=128, A=2; Turc et al.)
    whisper_tiny_encoder  Whisper-tiny's audio encoder (log-mel frames -> hidden states)
    yolo_v8n        a YOLOv8n-style one-stage detector (CSP backbone, PAN neck,
                    decoupled anchor-free heads with DFL), decoded boxes, no NMS
  on demand (scripts/setup --zoo all, or --only NAME):
    convnext_tiny, vit_b_16, swin_t       torchvision classifiers
    bert_base       BERT-base (transformers' BertConfig(): the published config)

Classifiers meet the classification contract (forward(x: float[N,3,H,W]) -> float[N,C],
the sidecar keys of resnet18.json) so `ltbench image -m DIR/<name>.pt` runs them. BERT and
Whisper are built from transformers' configs, offline; without transformers they are
skipped with a message; with torch < 2.1 (the Debian floor) the zoo is skipped. A model whose .pt and .json exist and whose sidecar records this
torch version and this script's sha256 is skipped unless --force.
"""

import os
import sys

# TorchScript writes a module's constants in set order, which follows Python's string hash.
if os.environ.get("PYTHONHASHSEED") != "0" and sys.executable:
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from typing import Callable, Dict, List, Optional, Tuple  # noqa: E402

import torch  # noqa: E402
from torch import Tensor, nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_common  # noqa: E402
import export_image_models as image  # noqa: E402  (preprocessing, synthetic images, classes)
from zoo_yolo import YoloV8  # noqa: E402

torchvision = image.torchvision
try:
    import transformers  # noqa: E402
    transformers.logging.set_verbosity_error()    # config chatter on every build
    TRANSFORMERS_ERROR = ""
except ImportError as e:  # pragma: no cover (depends on the install)
    transformers = None
    TRANSFORMERS_ERROR = str(e).splitlines()[0] if str(e) else "ImportError"

FLOPS_NOTE = ("torch.utils.flop_counter.FlopCounterMode at batch 1, eager fp32 "
              "(nn.MultiheadAttention's fused fast path off while counting); a multiply-add "
              "counts 2 FLOPs; convolutions, matmuls and attention only (no norms, "
              "activations, softmax)")
BERT_SEQ = 128
WHISPER_FRAMES = 3000          # 30 s of 10 ms log-mel frames: Whisper's fixed input
YOLO_SIZE = 640


class Spec:
    """One zoo model: how to build it, its example inputs, its sidecar."""

    def __init__(self, name: str, kind: str, default: bool, seed: int,
                 build: Callable[[], nn.Module], inputs: List[str], outputs: List[str],
                 architecture: str, contract: str, task: str, needs: str = ""):
        self.name, self.kind, self.default, self.seed = name, kind, default, seed
        self.build, self.inputs, self.outputs = build, inputs, outputs
        self.architecture, self.contract, self.task, self.needs = (
            architecture, contract, task, needs)


# ---------------------------------------------------------------------------------------
# Example inputs from the SPECs (the same syntax ltbench's --input reads)

DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16,
          "f64": torch.float64, "i64": torch.int64, "i32": torch.int32,
          "i16": torch.int16, "i8": torch.int8, "u8": torch.uint8, "bool": torch.bool}


def example_inputs(specs: List[str], n: int, g: torch.Generator) -> List[Tensor]:
    """Seeded tensors for NAME:DIMS[:DTYPE[:LOW,HIGH]] with N = n (normal floats,
    uniform integers in [LOW,HIGH))."""
    out = []
    for spec in specs:
        parts = spec.split(":")
        dims = [n if d == "N" else int(d) for d in parts[1].split("x")]
        dtype = DTYPES[parts[2]] if len(parts) > 2 else torch.float32
        if dtype.is_floating_point:
            out.append(torch.randn(dims, generator=g).to(dtype))
        else:
            low, high = (int(v) for v in parts[3].split(","))
            out.append(torch.randint(low, high, dims, generator=g).to(dtype))
    return out


# ---------------------------------------------------------------------------------------
# Builders

@torch.no_grad()
def calibrate_batchnorm(model: nn.Module, make: Callable[[torch.Generator], Tensor],
                        seed: int, batches: int = 2) -> None:
    """BatchNorm running statistics measured on seeded synthetic inputs (train mode,
    cumulative average), so eval-mode activations stay in range; one thread, so the
    result does not depend on the machine."""
    if not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules()):
        return
    g = torch.Generator().manual_seed(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        momenta = {}
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.reset_running_stats()
                momenta[m] = m.momentum
                m.momentum = None
        model.train()
        for _ in range(batches):
            model(make(g))
        for m, momentum in momenta.items():
            m.momentum = momentum
    finally:
        model.eval()
        torch.set_num_threads(threads)


def images(n: int, size: int) -> Callable[[torch.Generator], Tensor]:
    def make(g: torch.Generator) -> Tensor:
        x = image.synthetic_images(n, g)
        if size != image.SIZE:
            x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
        return x
    return make


def torchvision_classifier(ctor: str, seed: int, **kwargs) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        torch.manual_seed(seed)
        if ctor == "vit_tiny":   # DeiT-Tiny's size: patch 16, 12 layers, 3 heads, width 192
            from torchvision.models.vision_transformer import VisionTransformer
            model = VisionTransformer(image_size=224, patch_size=16, num_layers=12,
                                      num_heads=3, hidden_dim=192, mlp_dim=768)
        else:
            model = getattr(torchvision.models, ctor)(weights=None, **kwargs)
        calibrate_batchnorm(model, images(4, image.SIZE), seed)
        return model.eval()
    return build


class BertEncoder(nn.Module):
    """ids, attention_mask -> last hidden state [N,T,H] (no pooler)."""

    def __init__(self, bert: nn.Module):
        super().__init__()
        self.bert = bert

    def forward(self, ids: Tensor, attention_mask: Tensor) -> Tensor:
        return self.bert(input_ids=ids, attention_mask=attention_mask, return_dict=False)[0]


def bert(seed: int, **config) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        torch.manual_seed(seed)
        cfg = transformers.BertConfig(**config)
        cfg._attn_implementation = "sdpa"
        return BertEncoder(transformers.BertModel(cfg, add_pooling_layer=False)).eval()
    return build


class WhisperAudioEncoder(nn.Module):
    """mel [N,80,3000] -> last hidden state [N,1500,d_model]."""

    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, mel: Tensor) -> Tensor:
        return self.encoder(mel, return_dict=False)[0]


def whisper_tiny(seed: int) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        from transformers.models.whisper.modeling_whisper import WhisperEncoder
        torch.manual_seed(seed)
        # openai/whisper-tiny's encoder sizes (WhisperConfig's defaults, spelled out)
        cfg = transformers.WhisperConfig(num_mel_bins=80, d_model=384, encoder_layers=4,
                                         encoder_attention_heads=6, encoder_ffn_dim=1536,
                                         max_source_positions=1500)
        cfg._attn_implementation = "sdpa"
        return WhisperAudioEncoder(WhisperEncoder(cfg)).eval()
    return build


def yolo(seed: int) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        torch.manual_seed(seed)
        model = YoloV8(width=0.25, depth=0.33, num_classes=80)
        calibrate_batchnorm(model, images(2, YOLO_SIZE), seed)
        return model.eval()
    return build


# ---------------------------------------------------------------------------------------
# The zoo

IMAGE_INPUT = "x:Nx3x224x224:f32"
BERT_INPUTS = ["ids:Nx%d:i64:0,30522" % BERT_SEQ, "attention_mask:Nx%d:i64:1,2" % BERT_SEQ]
BERT_CONTRACT = ("forward(ids: int64[N,T], attention_mask: int64[N,T]) -> float[N,T,H] "
                 "last hidden state (T <= 512; mask 1 = token, 0 = padding)")
BERT_TINY = dict(vocab_size=30522, hidden_size=128, num_hidden_layers=2,
                 num_attention_heads=2, intermediate_size=512, max_position_embeddings=512)


def classifier(name: str, default: bool, seed: int, architecture: str,
               ctor: Optional[str] = None) -> Spec:
    return Spec(name, "classifier", default, seed, torchvision_classifier(ctor or name, seed),
                [IMAGE_INPUT], ["logits"], architecture, image.CONTRACT, "classification",
                needs="torchvision")


ZOO: List[Spec] = [
    classifier("mobilenet_v3_large", True, 31, "torchvision mobilenet_v3_large"),
    classifier("efficientnet_b0", True, 32, "torchvision efficientnet_b0"),
    classifier("vit_tiny", True, 33,
               "torchvision VisionTransformer, DeiT-Tiny size (patch 16, 12 layers, "
               "3 heads, width 192, MLP 768)", ctor="vit_tiny"),
    Spec("bert_tiny", "bert", True, 34, bert(34, **BERT_TINY), BERT_INPUTS,
         ["last_hidden_state"],
         "transformers BertModel (no pooler), BERT-Tiny size: L=2, H=128, A=2, "
         "intermediate 512, vocab 30522", BERT_CONTRACT, "text-encoder", needs="transformers"),
    Spec("whisper_tiny_encoder", "whisper", True, 35, whisper_tiny(35),
         ["mel:Nx80x%d:f32" % WHISPER_FRAMES], ["last_hidden_state"],
         "transformers WhisperEncoder, whisper-tiny sizes: 80 mel bins, d_model 384, "
         "4 layers, 6 heads, FFN 1536, 1500 positions",
         "forward(mel: float[N,80,3000] log-mel frames) -> float[N,1500,384] hidden states",
         "audio-encoder", needs="transformers"),
    Spec("yolo_v8n", "detector", True, 36, yolo(36), ["x:Nx3x%dx%d:f32" % (YOLO_SIZE, YOLO_SIZE)],
         ["boxes", "scores", "classes"],
         "YOLOv8n-style one-stage detector (width 0.25, depth 0.33): CSP backbone with C2f "
         "blocks and SPPF, PAN neck, decoupled anchor-free heads at strides 8/16/32 with DFL "
         "(reg_max 16), 80 classes",
         "forward(x: float[N,3,H,W], H and W multiples of 32) -> (boxes: float[N,A,4] xyxy "
         "pixels, scores: float[N,A] best class probability, classes: int64[N,A]); "
         "A = (H*W)/64 + (H*W)/256 + (H*W)/1024 anchors (8400 at 640x640); no NMS",
         "detection"),
    classifier("convnext_tiny", False, 41, "torchvision convnext_tiny"),
    classifier("vit_b_16", False, 42, "torchvision vit_b_16"),
    classifier("swin_t", False, 43, "torchvision swin_t"),
    Spec("bert_base", "bert", False, 44, bert(44), BERT_INPUTS, ["last_hidden_state"],
         "transformers BertModel (no pooler), BertConfig() = bert-base-uncased: L=12, "
         "H=768, A=12, intermediate 3072, vocab 30522", BERT_CONTRACT, "text-encoder",
         needs="transformers"),
]
BY_NAME = {s.name: s for s in ZOO}
DEFAULT = [s.name for s in ZOO if s.default]


# ---------------------------------------------------------------------------------------
# Export, check, files

def to_torchscript(spec: Spec, model: nn.Module,
                   example: Tuple[Tensor, ...]) -> Tuple[torch.jit.ScriptModule, str]:
    """torch.jit.script for the image models (shape-generic), torch.jit.trace
    (strict=False) where scripting fails and for transformers' models."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if spec.kind in ("classifier", "detector"):
            try:
                return torch.jit.script(model), "script"
            except Exception as e:  # noqa: BLE001 - any scripting failure falls back
                print("export_zoo_models.py: %s: scripting failed (%s); tracing instead"
                      % (spec.name, str(e).splitlines()[0] if str(e) else type(e).__name__),
                      file=sys.stderr)
        with torch.no_grad():
            return torch.jit.trace(model, example, strict=False, check_trace=False), "trace"


def flatten(value, prefix: str = "") -> Dict[str, Tensor]:
    """Outputs by their saved name suffix: '' for a tensor, '.0' for tuple item 0..."""
    if isinstance(value, Tensor):
        return {prefix: value}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    out: Dict[str, Tensor] = {}
    for key, v in items:
        out.update(flatten(v, "%s.%s" % (prefix, key)))
    return out


@torch.no_grad()
def check(spec: Spec, eager: nn.Module, ts: torch.jit.ScriptModule) -> None:
    """The saved module computes what the eager one does at another batch size (and, for
    BERT, another length and padded rows) and its outputs are finite."""
    g = torch.Generator().manual_seed(1)
    n = 1 if spec.kind == "whisper" else 2
    args = example_inputs(spec.inputs, n, g)
    if spec.kind == "bert":
        args = [a[:, :48] for a in args]
        args[1][0, 20:] = 0                       # row 0 padded: the mask must be applied
    elif spec.kind == "classifier" and not spec.name.startswith("vit"):
        args = [F.interpolate(args[0], size=(160, 160))]   # another size (ViT's is fixed)
    want, got = flatten(eager(*args)), flatten(ts(*args))
    assert list(want) == list(got), (spec.name, list(want), list(got))
    for key in want:
        assert want[key].shape == got[key].shape, (spec.name, key, want[key].shape)
        assert got[key].shape[0] == n, (spec.name, key, got[key].shape)
        if got[key].is_floating_point():
            assert bool(torch.isfinite(got[key]).all()), "%s: output not finite" % spec.name
            assert torch.allclose(want[key], got[key], rtol=1e-4, atol=1e-4), \
                "%s%s: TorchScript != eager" % (spec.name, key)
    if spec.kind == "bert":                        # padding must not leak into kept tokens
        full = ts(args[0][:1, :20], args[1][:1, :20])
        assert torch.allclose(full, got[""][:1, :20], rtol=1e-4, atol=1e-4), \
            "%s: attention_mask is not applied" % spec.name


@torch.no_grad()
def gflops(model: nn.Module, args: List[Tensor]) -> float:
    """Two gaps of the counter filled: nn.MultiheadAttention's inference fast path is one
    fused op it does not know (counted with the fast path off), and the CPU kernel of
    scaled_dot_product_attention is not in its table (given sdpa's formula: 2 matmuls)."""
    from torch.utils import flop_counter
    mha = getattr(torch.backends, "mha", None)
    fastpath = mha.get_fastpath_enabled() if mha else False
    if mha:
        mha.set_fastpath_enabled(False)
    extra = {}
    cpu_sdpa = getattr(torch.ops.aten, "_scaled_dot_product_flash_attention_for_cpu", None)
    if cpu_sdpa is not None and hasattr(flop_counter, "sdpa_flop_count"):
        def sdpa(query_shape, key_shape, value_shape, *args, out_shape=None, **kwargs):
            return flop_counter.sdpa_flop_count(query_shape, key_shape, value_shape)
        extra[cpu_sdpa] = sdpa
    counter = flop_counter.FlopCounterMode(display=False, custom_mapping=extra)
    try:
        with counter:
            model(*args)
    finally:
        if mha:
            mha.set_fastpath_enabled(fastpath)
    return round(counter.get_total_flops() / 1e9, 3)


def missing_dependency(spec: Spec) -> str:
    if spec.needs == "torchvision" and torchvision is None:
        return "torchvision does not import (%s)" % image.TORCHVISION_ERROR
    if spec.needs == "transformers" and transformers is None:
        return "transformers is not installed (%s)" % TRANSFORMERS_ERROR
    return ""


def export(out: str, spec: Spec, sha: str) -> None:
    start = time.perf_counter()
    model = spec.build()
    g = torch.Generator().manual_seed(spec.seed)
    example = tuple(example_inputs(spec.inputs, 1, g))
    ts, method = to_torchscript(spec, model, example)
    check(spec, model, ts)
    pt = os.path.join(out, spec.name + ".pt")
    tmp = "%s.tmp%d" % (pt, os.getpid())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.jit.save(ts, tmp)
    os.replace(tmp, pt)
    export_s = time.perf_counter() - start
    params = image.n_params(model)
    meta: Dict[str, object] = {"name": spec.name, "task": spec.task, "contract": spec.contract}
    if spec.kind == "classifier":
        meta.update({
            "input_shape": image.INPUT_SHAPE,
            "input_dtype": "float32",
            "output": "logits [N, num_classes]",
            "preprocessing": image.PREPROCESSING,
            "num_classes": 1000,
            "classes_file": image.CLASSES_FILE,
        })
    meta.update({
        "inputs": spec.inputs,
        "outputs": spec.outputs,
        "architecture": spec.architecture,
        "weights": "seeded random (seed %d)" % spec.seed,
        "seed": spec.seed,
        "weights_detail": "the framework's default initialisation under "
                          "torch.manual_seed(%d)%s; compute cost is real, outputs are not "
                          "meaningful" % (spec.seed, "; BatchNorm running statistics measured "
                                          "on seeded synthetic images"
                                          if spec.kind in ("classifier", "detector") else ""),
        "params": params,
        "gflops_per_sample": gflops(model, list(example)),
        "gflops_note": FLOPS_NOTE,
        "zoo_default": spec.default,
        "export_method": method,
        "frozen": False,
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__ if torchvision else None,
        "transformers_version": transformers.__version__ if transformers else None,
        "script_sha256": sha,
        "exported_by": "models/export_zoo_models.py",
    })
    export_common.write_atomic(os.path.join(out, spec.name + ".json"),
                               (json.dumps(meta, indent=2) + "\n").encode())
    print("exported %s.pt (%.1fM params, %s GFLOPs/sample, %.1f MB) in %.1f s"
          % (spec.name, params / 1e6, meta["gflops_per_sample"],
             os.path.getsize(pt) / 1e6, export_s))


def main() -> int:
    ap = argparse.ArgumentParser(description="Export ltbench's zoo of TorchScript models.")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--only", default="default",
                    help="'default' (%s), 'all', or a comma-separated subset of %s"
                         % (",".join(DEFAULT), ",".join(BY_NAME)))
    ap.add_argument("--force", action="store_true", help="re-export even if up to date")
    ap.add_argument("--list", action="store_true", help="print the zoo's names and exit")
    args = ap.parse_args()
    if args.list:
        for s in ZOO:
            print("%s\t%s" % (s.name, "default" if s.default else "on demand"))
        return 0
    if args.only == "default":
        names = DEFAULT
    elif args.only == "all":
        names = list(BY_NAME)
    else:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        bad = [n for n in names if n not in BY_NAME]
        if bad or not names:
            ap.error("--only: unknown model %s (choose from default, all, %s)"
                     % (",".join(bad) or "''", ",".join(BY_NAME)))
    major, minor = (int(v) for v in torch.__version__.split(".")[:2])
    if (major, minor) < (2, 1):      # FlopCounterMode, transformers; the floor build skips
        print("zoo models skipped: torch %s (the zoo needs torch >= 2.1)" % torch.__version__)
        return 0
    os.makedirs(args.out, exist_ok=True)
    sha = script_sha256()
    wrote = False
    if any(BY_NAME[n].kind == "classifier" for n in names):
        classes = os.path.join(args.out, image.CLASSES_FILE)
        if not os.path.isfile(classes):
            export_common.write_atomic(
                classes, "".join(c + "\n" for c in image.imagenet_classes()).encode())
            print("wrote %s (1000 classes)" % image.CLASSES_FILE)
            wrote = True
    for name in names:
        spec = BY_NAME[name]
        why = missing_dependency(spec)
        if why:
            print("skipped %s: %s" % (name, why))
            continue
        if args.force or not export_common.up_to_date(args.out, name, torch.__version__, sha):
            export(args.out, spec, sha)
            wrote = True
    if not wrote:
        print("zoo models up to date in %s" % args.out)
    return 0


def script_sha256() -> str:
    """This script's and export_common's sha256, extended with the modules that shape
    the files too (zoo_yolo.py, export_image_models.py)."""
    h = hashlib.sha256(export_common.script_sha256(__file__).encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for f in ("zoo_yolo.py", "export_image_models.py"):
        with open(os.path.join(here, f), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


if __name__ == "__main__":
    sys.exit(main())
