"""The safetensors format (Hugging Face), read and written with numpy alone.

  8 bytes   N, the header's length, unsigned 64-bit little-endian;
  N bytes   a JSON object: per tensor name {dtype, shape, data_offsets: [begin, end]}, and
            optionally "__metadata__": {string: string};
  the rest  the tensors' raw little-endian bytes, in offset order.

The lab writes and reads F32 and F16 (nodes/lib/safetensors.ts); this twin does the same, so a
file moves between the lab and PyTorch unchanged. Values come back as float32 numpy arrays.
"""
import json
import os

import numpy as np

SAFE_DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2")}


def read_safetensors(path):
    """(tensors: {name: float32 ndarray}, metadata: {str: str}) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: {len(raw)} bytes, too short for a safetensors header")
    n = int.from_bytes(raw[:8], "little")
    if n > len(raw) - 8:
        raise ValueError(f"{path}: header length {n} exceeds the file ({len(raw)} bytes)")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the header must be a JSON object")
    data = memoryview(raw)[8 + n:]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, entry in header.items():
        dtype = SAFE_DTYPES.get(entry.get("dtype"))
        if dtype is None:
            raise ValueError(f"{path}: tensor '{name}' has dtype {entry.get('dtype')!r} (supported: F32, F16)")
        shape = [int(d) for d in entry["shape"]]
        begin, end = entry["data_offsets"]
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * dtype.itemsize or end > len(data):
            raise ValueError(f"{path}: tensor '{name}' of shape {shape} has data_offsets {entry['data_offsets']}")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).astype(np.float32).reshape(shape)
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None, dtype="F32"):
    """Write {name: array} (in the given order) as `dtype` (F32 or F16), with string metadata."""
    np_dtype = SAFE_DTYPES[dtype]
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, value in tensors.items():
        a = np.ascontiguousarray(np.asarray(value, dtype=np.float32).astype(np_dtype))
        blobs.append(a.tobytes())
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Padded with spaces to a multiple of 8 bytes, as the reference writer (and the lab) does.
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)
