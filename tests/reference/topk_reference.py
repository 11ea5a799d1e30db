#!/usr/bin/env python3
"""Independent reference for ltbench's image path: decode, preprocess, run, top-k.

    topk_reference.py --model M.pt --image IMG [--width 224] [--height 224] [--k 5]
                      [--threads N] [--dump-input FILE]

Prints one line of JSON: {"image": "<file name>", "topk": [[class_id, logit], ...]},
best first; equal logits are ordered by lower class id first. Logits are the model's
float32 values written as exact decimals.

The steps, written independently of the C harness (torch + PIL + stdlib only):
  1. decode with PIL and convert to RGB uint8 (grayscale replicated to 3 channels, alpha
     dropped, EXIF orientation ignored -- as stb_image does);
  2. if the size is not WIDTHxHEIGHT, resize with PIL BILINEAR (the harness uses
     stb_image_resize, which can differ by a few levels: compare exactly only on an image
     that is already WIDTHxHEIGHT, such as assets/images/chelsea_224.png; JPEG decoders
     can differ too);
  3. per element, in float32: (u8 / 255 - mean[c]) / std[c] with the ImageNet mean
     (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225); layout NCHW, N = 1;
  4. torch.jit.load, eval(), torch.inference_mode(), forward -> logits [1, C];
  5. top-k by logit.
--dump-input FILE writes the tensor of step 3 as raw little-endian float32 (3*H*W values,
channel-major); --model may then be left out. Works with torch 1.13 and 2.x.
"""

import argparse
import array
import json
import os
import sys
import warnings
from typing import List, Tuple

import torch
from PIL import Image

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def load_input(path: str, width: int, height: int) -> torch.Tensor:
    """Steps 1-3: the image as a float32 [1, 3, height, width] tensor."""
    with Image.open(path) as im:
        rgb = im.convert("RGB")
    if rgb.size != (width, height):
        rgb = rgb.resize((width, height), Image.BILINEAR)
    hwc = torch.frombuffer(bytearray(rgb.tobytes()), dtype=torch.uint8)
    x = hwc.view(height, width, 3).permute(2, 0, 1).to(torch.float32) / 255.0
    mean = torch.tensor(MEAN, dtype=torch.float32).view(3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(3, 1, 1)
    return ((x - mean) / std).unsqueeze(0).contiguous()


def dump(x: torch.Tensor, path: str) -> None:
    values = array.array("f", x.flatten().tolist())
    assert values.itemsize == 4
    if sys.byteorder == "big":
        values.byteswap()
    with open(path, "wb") as f:
        values.tofile(f)


def topk(logits: List[float], k: int) -> List[Tuple[int, float]]:
    order = sorted(range(len(logits)), key=lambda i: (-logits[i], i))
    return [(i, logits[i]) for i in order[:k]]


def main() -> int:
    ap = argparse.ArgumentParser(description="Reference top-k for one image and model.")
    ap.add_argument("--model", help="TorchScript classification model (.pt)")
    ap.add_argument("--image", required=True, help="image file (PNG, JPEG, ...)")
    ap.add_argument("--width", type=int, default=224)
    ap.add_argument("--height", type=int, default=224)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--threads", type=int, help="torch.set_num_threads(N)")
    ap.add_argument("--dump-input", metavar="FILE",
                    help="write the preprocessed input as raw little-endian float32 NCHW")
    args = ap.parse_args()
    if not args.model and not args.dump_input:
        ap.error("--model is required unless --dump-input is given")
    if args.width <= 0 or args.height <= 0 or args.k <= 0:
        ap.error("--width, --height and --k must be positive")
    if args.threads is not None:
        if args.threads <= 0:
            ap.error("--threads must be positive")
        torch.set_num_threads(args.threads)

    x = load_input(args.image, args.width, args.height)
    if args.dump_input:
        dump(x, args.dump_input)
    result = {"image": os.path.basename(args.image)}
    if args.model:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # torch 2.x: TorchScript deprecation
            model = torch.jit.load(args.model, map_location="cpu").eval()
        with torch.inference_mode():
            y = model(x)
        if not isinstance(y, torch.Tensor) or y.dim() != 2 or y.size(0) != 1:
            shape = list(y.shape) if isinstance(y, torch.Tensor) else type(y).__name__
            print("topk_reference.py: %s: expected logits [1, C], got %s"
                  % (args.model, shape), file=sys.stderr)
            return 1
        logits = y[0].to(torch.float32).tolist()
        result["topk"] = [[i, v] for i, v in topk(logits, min(args.k, len(logits)))]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
