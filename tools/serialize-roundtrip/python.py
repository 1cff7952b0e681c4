"""Python side of the wick round trip (see run.sh).

    python.py write DIR   reference files written by PyTorch and safetensors
    python.py check DIR   PyTorch/safetensors read wick_<name> and must get the same values
"""

import os
import sys

import torch
from safetensors import safe_open
from safetensors.torch import save_file

DTYPES = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32,
          torch.int16, torch.int8, torch.uint8, torch.bool, torch.uint16, torch.uint32, torch.uint64,
          torch.float8_e4m3fn, torch.float8_e5m2, torch.float8_e4m3fnuz, torch.float8_e5m2fnuz, torch.float8_e8m0fnu]
COMPLEX = [torch.complex64, torch.complex128]
# Compared as bits (NaN payloads included); float8 has no torch.equal, complex128 no 16-byte integer.
RAW = {torch.float32: torch.int32, torch.float64: torch.int64, torch.float16: torch.int16, torch.bfloat16: torch.int16,
       torch.float8_e4m3fn: torch.uint8, torch.float8_e5m2: torch.uint8, torch.float8_e4m3fnuz: torch.uint8,
       torch.float8_e5m2fnuz: torch.uint8, torch.float8_e8m0fnu: torch.uint8, torch.complex64: torch.int64}


def objects():
    torch.manual_seed(0)  # the GRU's weights: write and check must build the same objects
    g = torch.Generator().manual_seed(0)
    gru = torch.nn.GRU(4, 3, num_layers=2)
    base = torch.randn(4, 5, generator=g)
    every = {str(dt).split(".")[1]: (torch.randn(3, 2, generator=g) * 100).to(dt) for dt in DTYPES}
    for dt in COMPLEX:
        every[str(dt).split(".")[1]] = torch.randn(3, 2, dtype=dt, generator=g) * 100
    every["complex_view"] = every["complex64"][1:, 1]
    every["uint64_big"] = torch.tensor([2**64 - 1, 2**63, 5], dtype=torch.uint64)
    every["float32_special"] = torch.tensor([float("nan"), float("inf"), -0.0, 1e-45])
    every["int64_big"] = torch.tensor([2**63 - 1, -2**63, 2**53 + 1])
    return {
        "gru.pt": gru.state_dict(),
        "dtypes.pt": every,
        "views.pt": {"base": base, "t": base.t(), "col": base[:, 1], "block": base[1:3, 2:4], "same": base,
                     "expand": base[0].unsqueeze(0).expand(3, 5), "zero_dim": torch.tensor(2.5), "empty": torch.zeros(0, 2)},
        "nested.pt": {"epoch": 7, "lr": 0.001, "name": "run", "big": 2**70, "flags": [True, None], "pair": (1, "a"),
                      "state": {0: {"step": torch.tensor(3.0)}, 1: {"m": torch.ones(2)}}, "bytes": b"\x00\xff",
                      "param": torch.nn.Parameter(torch.ones(2))},
    }


def st_objects():
    g = torch.Generator().manual_seed(1)
    out = {f"{str(dt).split('.')[1]}": (torch.randn(2, 3, generator=g) * 50).to(dt) for dt in DTYPES}
    out["complex64"] = torch.randn(2, 3, dtype=torch.complex64, generator=g)  # complex128: no safetensors dtype
    return out


def write(d):
    for name, obj in objects().items():
        torch.save(obj, os.path.join(d, name))
    save_file(st_objects(), os.path.join(d, "all.safetensors"), metadata={"source": "python"})
    save_file({"scalar": torch.tensor(1.0), "empty": torch.zeros(0)}, os.path.join(d, "edge.safetensors"))


def same_tensor(a, b, where):
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    assert a.dtype == b.dtype and a.shape == b.shape, f"{where}: {a.dtype}{list(a.shape)} != {b.dtype}{list(b.shape)}"
    assert a.stride() == b.stride() and a.storage_offset() == b.storage_offset(), f"{where}: strides/offset differ"
    assert a.requires_grad == b.requires_grad, f"{where}: requires_grad differs"
    ra, rb = a.detach(), b.detach()
    if a.dtype == torch.complex128:
        ra, rb = torch.view_as_real(ra), torch.view_as_real(rb)
        ra, rb = ra.view(torch.int64), rb.view(torch.int64)
    elif a.dtype in RAW:
        ra, rb = ra.view(RAW[a.dtype]), rb.view(RAW[a.dtype])
    assert torch.equal(ra, rb), f"{where}: values differ"


def same(a, b, where="$"):
    if isinstance(a, torch.Tensor):
        return same_tensor(a, b, where)
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), f"{where}: keys {list(a)} != {list(b)}"
        assert getattr(a, "_metadata", None) == getattr(b, "_metadata", None), f"{where}: _metadata differs"
        for k in a:
            same(a[k], b[k], f"{where}.{k}")
        return None
    if isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), f"{where}: {a!r} != {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
        return None
    assert type(a) is type(b) and a == b, f"{where}: {a!r} != {b!r}"


def storage_groups(obj):
    out = {}
    for k, v in obj.items():
        if isinstance(v, torch.Tensor) and v.untyped_storage().nbytes():
            out.setdefault(v.untyped_storage().data_ptr(), []).append(k)
    return sorted(sorted(g) for g in out.values())


def check(d):
    for name, obj in objects().items():
        got = torch.load(os.path.join(d, f"wick_{name}"), weights_only=True)
        same(obj, got)
        if name == "views.pt":
            assert storage_groups(obj) == storage_groups(got), f"{name}: storage sharing differs"
        print(f"python: torch.load(wick_{name}, weights_only=True) matches bit for bit")
    for name in ("all.safetensors", "edge.safetensors"):
        with safe_open(os.path.join(d, name), "pt") as ref, safe_open(os.path.join(d, f"wick_{name}"), "pt") as got:
            assert sorted(ref.keys()) == sorted(got.keys()) and ref.metadata() == got.metadata(), f"{name}: keys or metadata differ"
            for k in ref.keys():
                same_tensor(ref.get_tensor(k), got.get_tensor(k), f"{name}:{k}")
        print(f"python: safetensors reads wick_{name} bit for bit")


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])
