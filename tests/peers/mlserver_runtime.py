"""mlserver_runtime.py — a small MLServer custom runtime: a TorchScript image
classifier (the exported ResNet-18) behind MLServer's Open Inference Protocol
(KServe v2) REST server. MLServer, not ltbench, parses the requests and writes
the answers; this file only runs torch on the decoded input tensor.
Loaded by MLServer as implementation "mlserver_runtime.TorchScriptClassifier"
(see mlserver_peer.py, which writes its model-settings.json)."""
import numpy as np
import torch
from mlserver import MLModel
from mlserver.codecs import NumpyCodec
from mlserver.types import InferenceRequest, InferenceResponse


class TorchScriptClassifier(MLModel):
    async def load(self) -> bool:
        torch.set_num_threads(int(self.settings.parameters.extra.get("threads", 1)))
        self.module = torch.jit.load(self.settings.parameters.uri, map_location="cpu").eval()
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        x = NumpyCodec.decode_input(payload.inputs[0]).astype(np.float32, copy=False)
        with torch.inference_mode():
            logits = self.module(torch.from_numpy(np.ascontiguousarray(x))).numpy()
        return InferenceResponse(
            model_name=self.name,
            outputs=[NumpyCodec.encode_output("output", logits)],
        )
