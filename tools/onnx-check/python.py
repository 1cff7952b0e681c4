"""Step 2 of run.sh: each exported model passes onnx.checker, and onnxruntime, PyTorch (the same
modules with wick's state_dict) and wick agree at shapes other than the traced one."""
import sys
from pathlib import Path

import onnx
import onnxruntime as ort
import torch
from safetensors.torch import load_file
from torch import nn

# float32 tolerance: |a - b| <= ATOL + RTOL * |b|, for every pair of the three.
ATOL, RTOL = 2e-5, 1e-4


class GruHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(8, 16, num_layers=2, batch_first=True)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        y, h = self.gru(x)
        return self.head(y), h


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 10, num_layers=2, bidirectional=True)

    def forward(self, x):
        y, (h, c) = self.lstm(x)
        return y, h, c


class GruBi(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6, num_layers=2, batch_first=True, bidirectional=True)

    def forward(self, x):
        return self.gru(x)


class LstmState(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, num_layers=2, batch_first=True)

    def forward(self, x, h0, c0):
        y, (h, c) = self.lstm(x, (h0, c0))
        return y, h, c


class RnnRelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(5, 7, nonlinearity="relu", bidirectional=True, batch_first=True)

    def forward(self, x, h0):
        return self.rnn(x, h0)


class LastStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6, batch_first=True)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        y, _ = self.gru(x)
        first, rest = y.split([1, y.shape[1] - 1], 1)
        return self.head(y[:, -1] + first.sum(1) - rest.mean(1))


class Lm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8)
        self.gru = nn.GRU(8, 12, batch_first=True)
        self.head = nn.Linear(12, 20)

    def forward(self, tokens):
        y, _ = self.gru(self.embed(tokens))
        return self.head(y).log_softmax(-1)


class Norm(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(8, 8)
        self.norm = nn.LayerNorm(8)

    def forward(self, x):
        return self.norm(self.proj(x)).softmax(-1)


def mlp():
    return nn.Sequential(
        nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 16), nn.GELU(), nn.Linear(16, 16),
        nn.Tanh(), nn.Linear(16, 16), nn.Sigmoid(), nn.Dropout(0.3), nn.Linear(16, 4),
    )


class Convs(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(3, 4, 3, padding=1), nn.ReLU(),
            nn.Conv1d(4, 2, 3, stride=2, dilation=2), nn.BatchNorm1d(2), nn.ConvTranspose1d(2, 3, 3, stride=2, output_padding=1),
        )

    def forward(self, x):
        return self.body(x)


def activations():
    return nn.Sequential(
        nn.Linear(6, 6), nn.LeakyReLU(0.1), nn.Linear(6, 6), nn.ELU(), nn.Linear(6, 6), nn.SiLU(),
        nn.Linear(6, 6), nn.Softplus(), nn.Linear(6, 6), nn.Hardtanh(-0.5, 0.5), nn.Linear(6, 6),
        nn.GELU("tanh"), nn.LogSoftmax(1),
    )


def transformer():
    return nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)


MODELS = {
    "gru_head": GruHead, "gru_bi": GruBi, "lstm": Lstm, "lstm_state": LstmState, "rnn_relu": RnnRelu, "mlp": mlp, "last_step": LastStep, "lm": Lm, "layer_norm": Norm,
    "conv": Convs, "activations": activations, "transformer": transformer,
}


def worst(a, b):
    """The largest |a - b| and how far it is past the tolerance (> 1 fails)."""
    diff = (a - b).abs()
    return diff.max().item(), (diff / (ATOL + RTOL * b.abs())).max().item()


def check(path, build, io):
    """One exported file against PyTorch and wick's outputs; returns the failures."""
    onnx.checker.check_model(onnx.load(path), full_check=True)
    model = build().eval()
    model.load_state_dict(load_file(path.parent / f"{path.name.split('.')[0]}.safetensors"))
    session = ort.InferenceSession(str(path))
    names = [i.name for i in session.get_inputs()]
    errors = {"ort-torch": 0.0, "wick-torch": 0.0, "ort-wick": 0.0}
    failures = 0
    k = 0
    while f"in_{k}_0" in io:
        inputs = [io[f"in_{k}_{i}"] for i in range(len(names))]
        with torch.no_grad():
            expected = model(*inputs)
        expected = list(expected) if isinstance(expected, tuple) else [expected]
        got = session.run(None, {n: x.numpy() for n, x in zip(names, inputs)})
        for j, want in enumerate(expected):
            ours = torch.from_numpy(got[j])
            wick = io[f"out_{k}_{j}"]
            shape = tuple(want.shape)
            if tuple(ours.shape) != shape or tuple(wick.shape) != shape:
                print(f"FAIL {path.name} shape {k} output {j}: torch {shape}, onnxruntime {tuple(ours.shape)}, wick {tuple(wick.shape)}")
                failures += 1
                continue
            for key, (a, b) in {"ort-torch": (ours, want), "wick-torch": (wick, want), "ort-wick": (ours, wick)}.items():
                err, ratio = worst(a, b)
                errors[key] = max(errors[key], err)
                if ratio > 1:
                    print(f"FAIL {path.name} at {[tuple(x.shape) for x in inputs]} output {j}: {key} differs by {err:.3g}")
                    failures += 1
        k += 1
    print(f"{path.name}: onnx.checker ok; {k} shapes; worst |diff| " + ", ".join(f"{key} {v:.3g}" for key, v in errors.items()))
    return failures


def main(tmp):
    failures = 0
    for name, build in MODELS.items():
        io = load_file(tmp / f"{name}.io.safetensors")
        files = sorted(tmp.glob(f"{name}.onnx")) + sorted(tmp.glob(f"{name}.opset*.onnx"))
        for path in files:
            failures += check(path, build, io)
    if failures:
        sys.exit(f"{failures} comparisons failed (tolerance {ATOL} + {RTOL} * |expected|)")
    print(f"onnx-check: every model agrees (tolerance {ATOL} + {RTOL} * |expected|)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
