"""A YOLOv8-style one-stage detector in plain torch (scriptable), for the model zoo.

The published YOLOv8 layout at a width/depth multiple (n = 0.25/0.33): a CSP backbone of
strided 3x3 Conv-BN-SiLU and C2f blocks ending in SPPF; a PAN neck (upsample + concat
top-down, strided conv + concat bottom-up); one decoupled anchor-free head per stride
(8, 16, 32): a box branch predicting 4 x reg_max distance bins (DFL) and a class branch.
forward decodes like the exporters do (anchor points, DFL expectation, distances to xyxy
boxes in pixels, sigmoid class scores) and returns per anchor the best class and its
score: (boxes [N,A,4], scores [N,A], classes int64 [N,A]). No NMS (its cost depends on
the data), so the compute is the same for every input.
"""

import math
from typing import List, Tuple

import torch
from torch import Tensor, nn


class ConvBnSilu(nn.Module):
    def __init__(self, c_in: int, c_out: int, k: int = 1, s: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c: int, shortcut: bool):
        super().__init__()
        self.cv1 = ConvBnSilu(c, c, 3)
        self.cv2 = ConvBnSilu(c, c, 3)
        self.add = shortcut

    def forward(self, x: Tensor) -> Tensor:
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """CSP bottleneck with 2 convolutions: split, n bottlenecks on one half, concat all."""

    def __init__(self, c_in: int, c_out: int, n: int, shortcut: bool):
        super().__init__()
        self.c = c_out // 2
        self.cv1 = ConvBnSilu(c_in, 2 * self.c)
        self.cv2 = ConvBnSilu((2 + n) * self.c, c_out)
        self.m = nn.ModuleList([Bottleneck(self.c, shortcut) for _ in range(n)])

    def forward(self, x: Tensor) -> Tensor:
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c_in: int, c_out: int, k: int = 5):
        super().__init__()
        c = c_in // 2
        self.cv1 = ConvBnSilu(c_in, c)
        self.cv2 = ConvBnSilu(c * 4, c_out)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x: Tensor) -> Tensor:
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat([x, y1, y2, self.m(y2)], 1))


class DetectLevel(nn.Module):
    """One stride's head: box distances (4 x reg_max bins) and class logits."""

    def __init__(self, c_in: int, c_box: int, c_cls: int, num_classes: int, reg_max: int,
                 stride: int):
        super().__init__()
        self.box = nn.Sequential(ConvBnSilu(c_in, c_box, 3), ConvBnSilu(c_box, c_box, 3),
                                 nn.Conv2d(c_box, 4 * reg_max, 1))
        self.cls = nn.Sequential(ConvBnSilu(c_in, c_cls, 3), ConvBnSilu(c_cls, c_cls, 3),
                                 nn.Conv2d(c_cls, num_classes, 1))
        self.stride = stride
        nn.init.constant_(self.box[-1].bias, 1.0)          # YOLOv8's bias init
        nn.init.constant_(self.cls[-1].bias, math.log(5 / num_classes / (640 / stride) ** 2))

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        """(distance bins [N,4*reg_max,h*w], class logits [N,C,h*w], anchor points
        [h*w,2] in pixels)."""
        n, _, h, w = x.shape
        ys = torch.arange(h, device=x.device, dtype=x.dtype) + 0.5
        xs = torch.arange(w, device=x.device, dtype=x.dtype) + 0.5
        points = torch.stack([xs.repeat(h), ys.repeat_interleave(w)], 1) * self.stride
        return self.box(x).flatten(2), self.cls(x).flatten(2), points


class YoloV8(nn.Module):
    def __init__(self, width: float = 0.25, depth: float = 0.33, num_classes: int = 80,
                 reg_max: int = 16):
        super().__init__()

        def ch(c: int) -> int:
            return int(math.ceil(min(c, 1024) * width / 8) * 8)

        def rep(n: int) -> int:
            return max(round(n * depth), 1)

        c1, c2, c3, c4, c5 = ch(64), ch(128), ch(256), ch(512), ch(1024)
        self.stem = nn.Sequential(ConvBnSilu(3, c1, 3, 2), ConvBnSilu(c1, c2, 3, 2),
                                  C2f(c2, c2, rep(3), True))
        self.stage3 = nn.Sequential(ConvBnSilu(c2, c3, 3, 2), C2f(c3, c3, rep(6), True))
        self.stage4 = nn.Sequential(ConvBnSilu(c3, c4, 3, 2), C2f(c4, c4, rep(6), True))
        self.stage5 = nn.Sequential(ConvBnSilu(c4, c5, 3, 2), C2f(c5, c5, rep(3), True),
                                    SPPF(c5, c5))
        self.up = nn.Upsample(scale_factor=2.0, mode="nearest")
        self.top4 = C2f(c5 + c4, c4, rep(3), False)
        self.top3 = C2f(c4 + c3, c3, rep(3), False)
        self.down3 = ConvBnSilu(c3, c3, 3, 2)
        self.bottom4 = C2f(c3 + c4, c4, rep(3), False)
        self.down4 = ConvBnSilu(c4, c4, 3, 2)
        self.bottom5 = C2f(c4 + c5, c5, rep(3), False)
        c_box = max(16, c3 // 4, reg_max * 4)
        c_cls = max(c3, min(num_classes, 100))
        self.heads = nn.ModuleList([
            DetectLevel(c, c_box, c_cls, num_classes, reg_max, s)
            for c, s in ((c3, 8), (c4, 16), (c5, 32))])
        self.reg_max = reg_max
        self.register_buffer("bins", torch.arange(reg_max, dtype=torch.float32),
                             persistent=False)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        p3 = self.stage3(self.stem(x))
        p4 = self.stage4(p3)
        p5 = self.stage5(p4)
        t4 = self.top4(torch.cat([self.up(p5), p4], 1))
        n3 = self.top3(torch.cat([self.up(t4), p3], 1))
        n4 = self.bottom4(torch.cat([self.down3(n3), t4], 1))
        n5 = self.bottom5(torch.cat([self.down4(n4), p5], 1))
        feats = [n3, n4, n5]
        dists: List[Tensor] = []
        logits: List[Tensor] = []
        points: List[Tensor] = []
        strides: List[Tensor] = []
        for i, head in enumerate(self.heads):
            d, c, p = head(feats[i])
            dists.append(d)
            logits.append(c)
            points.append(p)
            strides.append(torch.full((p.shape[0], 1), float(head.stride), dtype=x.dtype,
                                      device=x.device))
        dist = torch.cat(dists, 2)                                   # [N, 4*R, A]
        n, a = dist.shape[0], dist.shape[2]
        prob = dist.view(n, 4, self.reg_max, a).softmax(2)          # DFL expectation
        ltrb = (prob * self.bins.to(x.dtype).view(1, 1, -1, 1)).sum(2).transpose(1, 2)
        ltrb = ltrb * torch.cat(strides, 0)                          # [N, A, 4] pixels
        anchor = torch.cat(points, 0)                                # [A, 2]
        boxes = torch.cat([anchor - ltrb[..., :2], anchor + ltrb[..., 2:]], 2)
        scores, classes = torch.cat(logits, 2).sigmoid().max(1)      # [N, A]
        return boxes, scores, classes
