"""triton_client_check.py — Triton's own client library (tritonclient.http, not
written here) against `ltbench serve`'s Open Inference Protocol routes: health,
model metadata, and inference with binary and with JSON tensors both ways; the
logits must equal an independent forward of the same TorchScript file in this
process, and an unknown model must be an error the client reports.

  triton_client_check.py HOST:PORT MODEL.pt      exit 0 and "tritonclient: ok"
"""
import os
import sys

import numpy as np
import torch
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def main() -> None:
    url, model_path = sys.argv[1], sys.argv[2]
    name = os.path.splitext(os.path.basename(model_path))[0]
    client = httpclient.InferenceServerClient(url)
    assert client.is_server_live(), "not live"
    assert client.is_server_ready(), "not ready"
    assert client.is_model_ready(name), "model not ready"
    md = client.get_model_metadata(name)
    assert md["name"] == name, md
    inp_md = md["inputs"][0]
    assert inp_md["datatype"] == "FP32" and [int(d) for d in inp_md["shape"]][1:] == [3, 224, 224], md
    out_name = md["outputs"][0]["name"]

    x = np.random.default_rng(7).standard_normal((2, 3, 224, 224), dtype=np.float32)
    reference = torch.jit.load(model_path, map_location="cpu").eval()
    with torch.inference_mode():
        want = reference(torch.from_numpy(x)).numpy()

    for binary_in in (True, False):
        for binary_out in (True, False):
            inp = httpclient.InferInput(inp_md["name"], list(x.shape), "FP32")
            inp.set_data_from_numpy(x, binary_data=binary_in)
            out = httpclient.InferRequestedOutput(out_name, binary_data=binary_out)
            result = client.infer(name, [inp], outputs=[out], request_id="req-7")
            got = result.as_numpy(out_name)
            assert got is not None and got.shape == want.shape, (binary_in, binary_out, got)
            np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-3)
            assert (got.argmax(axis=1) == want.argmax(axis=1)).all()
            response = result.get_response()
            assert response["model_name"] == name and response.get("id") == "req-7", response

    try:
        client.infer("no_such_model", [inp])
        raise AssertionError("an unknown model was answered")
    except InferenceServerException as e:
        assert "no_such_model" in str(e), str(e)
    print("tritonclient: ok")


if __name__ == "__main__":
    main()
