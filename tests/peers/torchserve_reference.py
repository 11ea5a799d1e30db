"""torchserve_reference.py — what TorchServe's stock image_classifier handler should
answer for each photo, computed here without TorchServe: PIL decode, torchvision's
Resize(256), CenterCrop(224), ToTensor, Normalize(ImageNet mean/std) (the handler's
documented preprocessing), the TorchScript model's forward, softmax, top 5.

  torchserve_reference.py MODEL.pt PHOTO...

Prints one line per photo: "<file name> <id id id id id> <p p p p p>" (ids and
probabilities space-separated, best first, probabilities with 4 decimals, as
ltbench's Top_K_Classes and Top_K_Scores columns). Run with .venv's Python."""
import os
import sys

import torch
from PIL import Image
from torchvision import transforms


def main() -> None:
    model = torch.jit.load(sys.argv[1], map_location="cpu").eval()
    prep = transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
    ])
    for path in sys.argv[2:]:
        x = prep(Image.open(path)).unsqueeze(0)
        with torch.no_grad():
            probs = torch.softmax(model(x), dim=1)
        p, ids = torch.topk(probs, 5, dim=1)
        print(os.path.basename(path), " ".join(str(int(i)) for i in ids[0]),
              " ".join(f"{float(v):.4f}" for v in p[0]), sep="\t")


if __name__ == "__main__":
    main()
