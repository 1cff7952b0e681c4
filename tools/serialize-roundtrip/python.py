"""Python side of the wick round trip (see run.sh).

    python.py write DIR   reference files written by PyTorch and safetensors
    python.py check DIR   PyTorch/safetensors read wick_<name> and must get the same values
"""

import os
import sys
import warnings

import torch
from safetensors import safe_open
from safetensors.torch import save_file

DTYPES = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32,
          torch.int16, torch.int8, torch.uint8, torch.bool, torch.uint16, torch.uint32, torch.uint64,
          torch.float8_e4m3fn, torch.float8_e5m2, torch.float8_e4m3fnuz, torch.float8_e5m2fnuz, torch.float8_e8m0fnu]
COMPLEX = [torch.complex64, torch.complex128]
warnings.filterwarnings("ignore", message=".*(quantize|Sparse invariant|TypedStorage|Sparse CSR tensor support).*")
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
        "sparse_quantized.pt": sparse_quantized(g),
        "nested.pt": {"epoch": 7, "lr": 0.001, "name": "run", "big": 2**70, "flags": [True, None], "pair": (1, "a"),
                      "state": {0: {"step": torch.tensor(3.0)}, 1: {"m": torch.ones(2)}}, "bytes": b"\x00\xff",
                      "param": torch.nn.Parameter(torch.ones(2))},
    }


def sparse_quantized(g):
    x = torch.randn(4, 6, generator=g) * 2
    idx = torch.tensor([[0, 3, 0], [5, 1, 5]])
    return {"coo": torch.sparse_coo_tensor(idx, torch.tensor([1.5, -2.0, 0.25]), (4, 6)),
            "coo_coalesced": torch.sparse_coo_tensor(idx, torch.tensor([1.5, -2.0, 0.25]), (4, 6)).coalesce(),
            "csr": x.relu().to_sparse_csr(), "csc": x.relu().to_sparse_csc(), "bsr": x.to_sparse_bsr((2, 3)),
            "qint8": torch.quantize_per_tensor(x, 0.03, -2, torch.qint8),
            "quint8_view": torch.quantize_per_tensor(x, 0.05, 130, torch.quint8)[1:, ::2],
            "qint32": torch.quantize_per_tensor(x, 1e-5, 77, torch.qint32),
            "per_channel": torch.quantize_per_channel(x, torch.rand(4, dtype=torch.float64, generator=g) / 10 + 0.01,
                                                      torch.tensor([0, -3, 5, 1]), 0, torch.qint8),
            # Float zero points: per_channel_affine_float_qparams (a quantized Embedding weight's scheme).
            "float_qparams": torch.quantize_per_channel(x, torch.rand(6, generator=g) / 10 + 0.01, torch.randn(6, generator=g) * 3,
                                                        1, torch.quint8),
            # Packed sub-byte values, an odd count of them.
            "quint4x2": torch.quantize_per_tensor(x[:, :5], 0.3, 4, torch.quint4x2),
            "quint2x4": torch.quantize_per_tensor(x[:3], 1.1, 1, torch.quint2x4)}


def same_special(a, b, where):
    """Sparse and quantized tensors: the same layout or quantizer, and the same parts bit for bit."""
    assert a.layout == b.layout and a.shape == b.shape and a.dtype == b.dtype, f"{where}: {a.layout} {a.dtype}{list(a.shape)} != {b.layout} {b.dtype}{list(b.shape)}"
    if a.layout == torch.sparse_coo:
        assert a.is_coalesced() == b.is_coalesced(), f"{where}: is_coalesced differs"
        same_tensor(a._indices(), b._indices(), f"{where}._indices()")
        same_tensor(a._values(), b._values(), f"{where}._values()")
    elif a.layout in (torch.sparse_csr, torch.sparse_bsr):
        same_tensor(a.crow_indices(), b.crow_indices(), f"{where}.crow_indices()")
        same_tensor(a.col_indices(), b.col_indices(), f"{where}.col_indices()")
        same_tensor(a.values(), b.values(), f"{where}.values()")
    elif a.layout in (torch.sparse_csc, torch.sparse_bsc):
        same_tensor(a.ccol_indices(), b.ccol_indices(), f"{where}.ccol_indices()")
        same_tensor(a.row_indices(), b.row_indices(), f"{where}.row_indices()")
        same_tensor(a.values(), b.values(), f"{where}.values()")
    else:
        assert a.qscheme() == b.qscheme(), f"{where}: qscheme differs"
        assert a.stride() == b.stride() and a.storage_offset() == b.storage_offset(), f"{where}: strides/offset differ"
        if a.qscheme() == torch.per_tensor_affine:
            assert (a.q_scale(), a.q_zero_point()) == (b.q_scale(), b.q_zero_point()), f"{where}: scale/zero_point differ"
        else:
            same_tensor(a.q_per_channel_scales(), b.q_per_channel_scales(), f"{where}.q_per_channel_scales()")
            same_tensor(a.q_per_channel_zero_points(), b.q_per_channel_zero_points(), f"{where}.q_per_channel_zero_points()")
            assert a.q_per_channel_axis() == b.q_per_channel_axis(), f"{where}: axis differs"
        assert torch.equal(a.int_repr(), b.int_repr()), f"{where}: int_repr() differs"


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
    if a.layout != torch.strided or a.is_quantized:
        return same_special(a, b, where)
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
        if isinstance(v, torch.Tensor) and v.layout == torch.strided and v.untyped_storage().nbytes():
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
