#!/usr/bin/env python3
"""Export ltbench's image-classification models as TorchScript files.

    export_image_models.py --out DIR [--only resnet18,resnet50,identity,wrong_output]
                           [--weights NAME=FILE ...] [--force]
                           [--pt2 resnet18[,resnet50]|none] [--pt2-device cpu|cuda]

Writes, per model, DIR/<name>.pt (a scripted, unfrozen, CPU, fp32 module: the C shim casts
and freezes after loading) and DIR/<name>.json (the sidecar), plus DIR/imagenet_classes.txt
(1000 lines, line number = class id). Every model meets the classification contract

    forward(x: float[N,3,H,W]) -> float[N,C] logits

except wrong_output, which breaks it on purpose (returns float[7] whatever N is).

- resnet18, resnet50: torchvision architectures. By default the weights are seeded random
  (torchvision's own init under torch.manual_seed), then calibrated so the eval-mode
  network is well conditioned: BatchNorm running statistics are measured on seeded
  synthetic image-like inputs, and the classifier bias is centred so different photos get
  different top-5 classes. Compute cost is the real one; the classes are not meaningful.
  --weights resnet18=FILE loads a state_dict instead (no calibration).
- identity: x.mean(dim=[2,3]) -> [N,3]; the cheapest model meeting the contract, for
  measuring the harness's own overhead.
- wrong_output: returns a [7] tensor; for the "wrong output shape" error test.

AOTInductor packages (--pt2, torch >= 2.6): DIR/<name>.pt2 (DIR/<name>_cuda.pt2 with
--pt2-device cuda) from the weights of DIR/<name>.pt (so both compute the same logits),
through torch.export (batch dimension dynamic, 1..1024) and
torch._inductor.aoti_compile_and_package, checked against the .pt, with a sidecar
DIR/<name>.pt2.json (compile time included). The default --pt2 is $LTBENCH_PT2, else
resnet18: compiling runs a C++ compiler (2 to 3 min for ResNet-18 on the 2-core build
machine with other builds running, longer for ResNet-50; BENCHMARKS.md), so ResNet-50's
package is made on demand
(LTBENCH_PT2=resnet18,resnet50 scripts/setup). Older torch: one line says it is skipped.

A model whose .pt and .json exist and whose sidecar records this torch version, this
script's sha256 and the same weights is skipped unless --force. Run with an interpreter
that has torch (scripts/find-python prints one); works with torch 1.13 and 2.x.
"""

import argparse
import hashlib
import importlib
import json
import os
import sys
import time
import warnings
from typing import Dict, List, Optional, Tuple

# TorchScript writes a module's constants in set order, which follows Python's string hash:
# fix the hash seed so the same weights give the same .pt bytes on every run.
if os.environ.get("PYTHONHASHSEED") != "0" and sys.executable:
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402 (after the re-exec above)
from torch import Tensor, nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
try:  # PyPI's torchvision does not import beside the torch 2.13.0+cpu wheel
    import torchvision  # noqa: E402
    TORCHVISION_ERROR = ""
except (ImportError, RuntimeError) as e:  # pragma: no cover (depends on the install)
    torchvision = None
    TORCHVISION_ERROR = str(e).splitlines()[0] if str(e) else type(e).__name__

SIZE = 224
INPUT_SHAPE = [1, 3, SIZE, SIZE]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
PREPROCESSING = {
    "color": "RGB",
    "layout": "NCHW",
    "scale": "1/255",
    "mean": MEAN,
    "std": STD,
    "resize": "to input_shape H,W (no crop)",
}
CONTRACT = "forward(x: float[N,3,H,W]) -> float[N,C]"
CLASSES_FILE = "imagenet_classes.txt"

# Calibration of the seeded ResNets (see calibrate()).
CALIB_BATCHES, CALIB_BATCH = 2, 4       # train-mode passes that set BN running statistics
CHECK_BATCH = 4                         # eval-mode pass that centres and scales the logits
LOGIT_STD = 2.0                         # logit std over the synthetic images after scaling

RESNETS = {
    # name: torchvision constructor name, seed
    "resnet18": ("resnet18", 18),
    "resnet50": ("resnet50", 50),
}
MODELS = ["resnet18", "resnet50", "identity", "wrong_output"]


class MeanColour(nn.Module):
    """identity.pt: per-image mean of each colour channel as 3 'logits'."""

    def forward(self, x: Tensor) -> Tensor:          # [N,3,H,W] -> [N,3]
        return x.mean(dim=[2, 3])


class WrongOutput(nn.Module):
    """wrong_output.pt: claims to classify, returns a [7] tensor whatever the batch."""

    def forward(self, x: Tensor) -> Tensor:          # [N,3,H,W] -> [7]
        return torch.zeros(7, dtype=x.dtype, device=x.device) + x.mean()


# ---------------------------------------------------------------------------------------
# Seeded ResNets

def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def field(n: int, c: int, g: torch.Generator) -> Tensor:
    """Random fields with roughly a 1/f spectrum (equal energy per octave), half smooth
    (bilinear) and half with hard edges (nearest), each image scaled to unit std."""
    x = torch.zeros(n, c, SIZE, SIZE)
    for s in (2, 4, 7, 14, 28, 56, 112, SIZE):
        x += F.interpolate(torch.randn(n, c, s, s, generator=g), size=(SIZE, SIZE),
                           mode="bilinear", align_corners=False)
        x += F.interpolate(torch.randn(n, c, s, s, generator=g), size=(SIZE, SIZE),
                           mode="nearest")
    return x / x.flatten(1).std(dim=1).view(n, 1, 1, 1)


def synthetic_images(n: int, g: torch.Generator) -> Tensor:
    """n image-like inputs, normalised as the harness normalises photos: correlated RGB
    (a shared luminance field plus weaker colour fields), random brightness and contrast,
    clipped to [0, 1]."""
    rgb = field(n, 1, g) + 0.35 * field(n, 3, g)
    brightness = 0.25 + 0.5 * torch.rand(n, 1, 1, 1, generator=g)
    contrast = 0.1 + 0.35 * torch.rand(n, 1, 1, 1, generator=g)
    rgb = (brightness + contrast * rgb).clamp(0.0, 1.0)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (rgb - mean) / std


@torch.no_grad()
def calibrate(model: nn.Module, seed: int) -> None:
    """Make a randomly initialised ResNet behave in eval mode like a trained one in the
    respects that matter to a benchmark: finite, modest logits that depend on the image.

    With torchvision's init, eval-mode BatchNorm is the identity (mean 0, var 1), the
    activations drift in scale through the network and every image gets nearly the same
    logits (post-ReLU features share a large common mode). So: (1) measure BN running
    statistics on seeded synthetic images (train mode, cumulative average); (2) in eval
    mode, subtract the classifier's mean response to those images from its bias and scale
    the classifier so the logits have std LOGIT_STD. Runs on one thread so that the result
    does not depend on the machine's core count."""
    g = torch.Generator().manual_seed(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.reset_running_stats()
                m.momentum = None                    # cumulative average over the batches
        model.train()
        for _ in range(CALIB_BATCHES):
            model(synthetic_images(CALIB_BATCH, g))
        model.eval()
        feats: List[Tensor] = []
        hook = model.fc.register_forward_hook(lambda m, inp, out: feats.append(inp[0]))
        try:
            model(synthetic_images(CHECK_BATCH, g))
        finally:
            hook.remove()
        f = feats[0]                                  # [CHECK_BATCH, features]
        model.fc.bias.sub_(model.fc.weight @ f.mean(dim=0) + model.fc.bias)
        logits = model.fc(f)
        scale = LOGIT_STD / float(logits.std())
        model.fc.weight.mul_(scale)
        model.fc.bias.mul_(scale)
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.momentum = 0.1                      # torchvision's default, as exported
    finally:
        torch.set_num_threads(threads)


def load_user_weights(path: str) -> Dict[str, Tensor]:
    """A state_dict from FILE: a plain state_dict, or a checkpoint dict holding one under
    'state_dict' or 'model'; a 'module.' prefix (DataParallel) is stripped."""
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is reported the same
        raise SystemExit("export_image_models.py: cannot load weights %s: %s\n"
                         "(save a plain state_dict: torch.save(model.state_dict(), FILE))"
                         % (path, e))
    if isinstance(obj, dict):
        for key in ("state_dict", "model"):
            if isinstance(obj.get(key), dict):
                obj = obj[key]
                break
    if not isinstance(obj, dict) or not all(isinstance(v, Tensor) for v in obj.values()):
        raise SystemExit("export_image_models.py: %s does not hold a state_dict" % path)
    return {(k[7:] if k.startswith("module.") else k): v for k, v in obj.items()}


def build_resnet(name: str, weights: Optional[str]) -> Tuple[nn.Module, Dict[str, object]]:
    arch, seed = RESNETS[name]
    if weights is None:
        torch.manual_seed(seed)
        model = getattr(torchvision.models, arch)(num_classes=1000)
        calibrate(model, seed)
        info = {
            "weights": "seeded random (seed %d)" % seed,
            "seed": seed,
            "weights_detail": (
                "torchvision default init under torch.manual_seed(%d); BatchNorm running "
                "statistics measured on %d seeded synthetic images; classifier bias centred "
                "and logits scaled to std %.1f on %d more; compute cost is real, classes "
                "are not meaningful" % (seed, CALIB_BATCHES * CALIB_BATCH, LOGIT_STD,
                                        CHECK_BATCH)),
        }
    else:
        state = load_user_weights(weights)
        fc = state.get("fc.weight")
        num_classes = int(fc.shape[0]) if fc is not None else 1000
        model = getattr(torchvision.models, arch)(num_classes=num_classes)
        try:
            model.load_state_dict(state)
        except RuntimeError as e:
            raise SystemExit("export_image_models.py: %s does not fit torchvision %s:\n%s"
                             % (weights, arch, e))
        info = {"weights": os.path.abspath(weights), "weights_sha256": file_sha256(weights)}
    model.eval()
    num_classes = model.fc.out_features
    info.update({
        "architecture": "torchvision %s" % arch,
        "num_classes": num_classes,
        "classes_file": CLASSES_FILE if num_classes == 1000 else None,
    })
    return model, info


def build(name: str, weights: Optional[str]) -> Tuple[nn.Module, Dict[str, object]]:
    if name in RESNETS:
        return build_resnet(name, weights)
    if name == "identity":
        return MeanColour().eval(), {
            "architecture": "x.mean(dim=[2,3]): per-channel mean as 3 logits",
            "num_classes": 3, "classes_file": None, "weights": "none (no parameters)"}
    assert name == "wrong_output"
    return WrongOutput().eval(), {
        "architecture": "returns float[7] whatever the batch (breaks the contract on purpose)",
        "num_classes": 7, "classes_file": None, "weights": "none (no parameters)",
        "note": "claims task classification but returns a 1-D [7] tensor; for error tests"}


# ---------------------------------------------------------------------------------------
# Export, check, files

def to_torchscript(model: nn.Module, example: Tensor) -> Tuple[torch.jit.ScriptModule, str]:
    """torch.jit.script, or torch.jit.trace where scripting fails. Not frozen."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")               # torch 2.x deprecation chatter
        try:
            return torch.jit.script(model), "script"
        except Exception as e:  # noqa: BLE001 - any scripting failure falls back to trace
            print("export_image_models.py: scripting failed (%s); tracing instead"
                  % str(e).splitlines()[0], file=sys.stderr)
            with torch.no_grad():
                return torch.jit.trace(model, example), "trace"


@torch.no_grad()
def check(name: str, eager: nn.Module, ts: torch.jit.ScriptModule, num_classes: int) -> None:
    """The saved module computes what the eager one does and meets its contract."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(2, 3, 64, 64, generator=g)        # N=2 checks the batch dimension
    y = ts(x)
    if name == "wrong_output":
        assert y.shape == (7,), y.shape
        return
    assert y.shape == (2, num_classes), (name, y.shape)
    assert bool(torch.isfinite(y).all()), "%s: logits not finite" % name
    ref = eager(x)
    assert torch.allclose(y, ref, rtol=1e-4, atol=1e-4), "%s: TorchScript != eager" % name


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_atomic(path: str, data: bytes) -> None:
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def weights_key(weights: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """What a sidecar must record for its .pt to count as made from these weights."""
    if weights is None:
        return None, None
    return os.path.abspath(weights), file_sha256(weights)


def up_to_date(out: str, name: str, sha: str, weights: Optional[str]) -> bool:
    pt, js = os.path.join(out, name + ".pt"), os.path.join(out, name + ".json")
    if not (os.path.isfile(pt) and os.path.isfile(js)):
        return False
    try:
        with open(js) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return False
    have = (meta.get("weights_file"), meta.get("weights_sha256"))
    return (meta.get("torch_version") == torch.__version__
            and meta.get("script_sha256") == sha and have == weights_key(weights))


def export(out: str, name: str, sha: str, weights: Optional[str]) -> None:
    start = time.perf_counter()
    model, info = build(name, weights)
    example = torch.zeros(INPUT_SHAPE)
    ts, method = to_torchscript(model, example)
    check(name, model, ts, int(info["num_classes"]))
    pt = os.path.join(out, name + ".pt")
    tmp = "%s.tmp%d" % (pt, os.getpid())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.jit.save(ts, tmp)
    os.replace(tmp, pt)
    params = n_params(model)
    meta: Dict[str, object] = {
        "name": name,
        "task": "classification",
        "contract": CONTRACT,
        "input_shape": INPUT_SHAPE,
        "input_dtype": "float32",
        "output": "logits [N, num_classes]" if name != "wrong_output" else "float[7]",
        "preprocessing": PREPROCESSING,
    }
    meta.update(info)
    if weights is not None:
        meta["weights_file"] = info["weights"]
    meta.update({
        "params": params,
        "export_method": method,
        "frozen": False,
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__ if torchvision else None,
        "script_sha256": sha,
        "exported_by": "models/export_image_models.py",
    })
    write_atomic(os.path.join(out, name + ".json"),
                 (json.dumps(meta, indent=2) + "\n").encode())
    print("exported %s.pt (%s params) in %.1f s"
          % (name, ("%.1fM" % (params / 1e6)) if params else "0", time.perf_counter() - start))


# ---------------------------------------------------------------------------------------
# AOTInductor packages (.pt2)

PT2_DEFAULT = "resnet18"
PT2_MAX_BATCH = 1024


def aoti_missing() -> str:
    """Why this torch cannot write .pt2 packages ("" when it can)."""
    major, minor = (int(p) for p in torch.__version__.split(".")[:2])
    if (major, minor) < (2, 6) or not hasattr(torch, "export"):
        return "AOTInductor packages need torch >= 2.6, this is %s" % torch.__version__
    try:
        importlib.import_module("torch._inductor")
    except ImportError as e:  # pragma: no cover (depends on the install)
        return "torch._inductor does not import: %s" % e
    if not hasattr(torch._inductor, "aoti_compile_and_package"):
        return "torch %s has no torch._inductor.aoti_compile_and_package" % torch.__version__
    return ""


def pt2_name(name: str, device: str) -> str:
    return name + (".pt2" if device == "cpu" else "_%s.pt2" % device)


def pt2_up_to_date(out: str, name: str, device: str, sha: str) -> bool:
    pt2 = os.path.join(out, pt2_name(name, device))
    try:
        with open(pt2 + ".json") as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return False
    return (os.path.isfile(pt2) and meta.get("torch_version") == torch.__version__
            and meta.get("script_sha256") == sha
            and meta.get("pt_sha256") == file_sha256(os.path.join(out, name + ".pt")))


@torch.no_grad()
def export_pt2(out: str, name: str, device: str, sha: str) -> None:
    """DIR/<name>.pt2: the torchvision model with DIR/<name>.pt's weights, exported with a
    dynamic batch and compiled ahead of time by AOTInductor for device."""
    start = time.perf_counter()
    pt = os.path.join(out, name + ".pt")
    ts = torch.jit.load(pt, map_location="cpu")
    arch, _ = RESNETS[name]
    state = ts.state_dict()
    model = getattr(torchvision.models, arch)(num_classes=int(state["fc.weight"].shape[0]))
    model.load_state_dict(state)
    model.eval().to(device)
    example = torch.randn(2, 3, SIZE, SIZE, device=device)   # 2: batch 1 would be specialised
    batch = torch.export.Dim("batch", min=1, max=PT2_MAX_BATCH)
    exported = torch.export.export(model, (example,), dynamic_shapes={"x": {0: batch}})
    path = os.path.join(out, pt2_name(name, device))
    tmp = "%s.tmp%d.pt2" % (path[:-4], os.getpid())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch._inductor.aoti_compile_and_package(exported, package_path=tmp)
    compile_s = time.perf_counter() - start
    compiled = torch._inductor.aoti_load_package(tmp)
    for n in (1, 3):                                   # the package computes what the .pt does
        x = torch.randn(n, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(n))
        want = ts(x)
        got = compiled(x.to(device)).cpu()
        if not torch.allclose(got, want, rtol=1e-3, atol=1e-3):
            os.unlink(tmp)
            raise SystemExit("export_image_models.py: %s differs from %s.pt (max |diff| %g)"
                             % (pt2_name(name, device), name, float((got - want).abs().max())))
    os.replace(tmp, path)
    meta = {
        "name": name, "format": "AOTInductor package (torch._inductor.aoti_compile_and_package)",
        "device": device, "contract": CONTRACT, "input_shape": INPUT_SHAPE,
        "dynamic_batch": [1, PT2_MAX_BATCH], "weights_from": name + ".pt",
        "pt_sha256": file_sha256(pt), "compile_seconds": round(compile_s, 1),
        "torch_version": torch.__version__, "script_sha256": sha,
        "exported_by": "models/export_image_models.py",
    }
    write_atomic(path + ".json", (json.dumps(meta, indent=2) + "\n").encode())
    print("exported %s (AOTInductor, %s) in %.1f s" % (pt2_name(name, device), device, compile_s))


def imagenet_classes() -> List[str]:
    """The ImageNet-1k category names torchvision ships in its source (no download);
    class_0..class_999 where this torchvision has none."""
    try:
        cats = list(torchvision.models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"])
        if len(cats) == 1000 and all(isinstance(c, str) and "\n" not in c for c in cats):
            return cats
    except (AttributeError, KeyError):   # an old torchvision, or none (torchvision None)
        pass
    return ["class_%d" % i for i in range(1000)]


def main() -> int:
    ap = argparse.ArgumentParser(description="Export ltbench's image TorchScript models.")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--only", default=",".join(MODELS),
                    help="comma-separated subset of %s" % ",".join(MODELS))
    ap.add_argument("--weights", action="append", default=[], metavar="NAME=FILE",
                    help="state_dict for a ResNet instead of seeded weights "
                         "(e.g. resnet18=resnet18.pth); repeatable")
    ap.add_argument("--force", action="store_true", help="re-export even if up to date")
    ap.add_argument("--pt2", default=os.environ.get("LTBENCH_PT2") or PT2_DEFAULT,
                    help="ResNets to also write as AOTInductor packages (.pt2), or none "
                         "(default $LTBENCH_PT2, else %s)" % PT2_DEFAULT)
    ap.add_argument("--pt2-device", default="cpu", choices=["cpu", "cuda"],
                    help="device the .pt2 packages are compiled for (default cpu)")
    args = ap.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    bad = [n for n in names if n not in MODELS]
    if bad or not names:
        ap.error("--only: unknown model %s (choose from %s)"
                 % (",".join(bad) or "''", ",".join(MODELS)))
    pt2 = [] if args.pt2 == "none" else [n.strip() for n in args.pt2.split(",") if n.strip()]
    if [n for n in pt2 if n not in RESNETS]:
        ap.error("--pt2 %s: choose from %s, or none" % (args.pt2, ",".join(RESNETS)))
    weights: Dict[str, str] = {}
    for spec in args.weights:
        name, sep, path = spec.partition("=")
        if not sep or name not in RESNETS or not path:
            ap.error("--weights %s: expected NAME=FILE with NAME one of %s"
                     % (spec, ",".join(RESNETS)))
        if name not in names:
            ap.error("--weights %s: %s is not among the models exported (--only)" % (spec, name))
        if not os.path.isfile(path):
            ap.error("--weights %s: no such file" % spec)
        weights[name] = path
    os.makedirs(args.out, exist_ok=True)
    sha = file_sha256(os.path.abspath(__file__))
    wrote = False
    classes_path = os.path.join(args.out, CLASSES_FILE)
    want = "".join(c + "\n" for c in imagenet_classes()).encode()
    try:
        with open(classes_path, "rb") as f:
            have: Optional[bytes] = f.read()
    except OSError:
        have = None
    if have != want:
        write_atomic(classes_path, want)
        print("wrote %s (1000 classes)" % CLASSES_FILE)
        wrote = True
    for name in names:
        if name in RESNETS and torchvision is None:
            print("skipped %s: torchvision does not import beside torch %s (%s)"
                  % (name, torch.__version__, TORCHVISION_ERROR))
            continue
        if args.force or not up_to_date(args.out, name, sha, weights.get(name)):
            export(args.out, name, sha, weights.get(name))
            wrote = True
        if name in pt2:
            missing = aoti_missing()
            if missing:
                print("skipped %s: %s" % (pt2_name(name, args.pt2_device), missing))
            elif args.force or not pt2_up_to_date(args.out, name, args.pt2_device, sha):
                export_pt2(args.out, name, args.pt2_device, sha)
                wrote = True
    if not wrote:
        print("image models up to date in %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
