"""A student that starts as a trained tagger cut down to some of its layers (`classifier
train-tagger --teacher models/phi-tagger-3 --init-from-teacher --layers 3`).

Only the teacher's int8 ONNX model is shipped, so its weights are read back from it: each
quantized initializer dequantized as ONNX Runtime computes it ((q - zero point) x scale, per
output channel for the matrices, per tensor for the embeddings), each matrix found by the name
of the node that multiplies by it (optimum's export names nodes after the torch modules:
`/bert/encoder/layer.0/attention/self/query/MatMul_quant`). The student keeps the teacher's
embeddings, classifier and the encoder layers `distill.student_layers` picks (6 -> 3: 1, 3, 5),
at the teacher's width, and is then distilled on the teacher's logits like a narrow student.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from classifier.training.distill import keep_layers, student_layers

MATMUL_SUFFIX = "/MatMul_quant"
QUANTIZED = "_quantized"


def dequantized(model_path: Path) -> dict[str, np.ndarray]:
    """The torch state dict of a BertForTokenClassification exported and quantized as
    `export_quantized` does, read back from its ONNX file (float32)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {name: value.astype(np.float32) for name, value in init.items() if "." in name}
    state = {k: v for k, v in state.items() if not k.endswith(("_scale", "_zero_point", QUANTIZED))}
    for name in [n for n in init if n.endswith(QUANTIZED) and n.startswith("bert.")]:
        stem = name[: -len(QUANTIZED)]
        state[stem] = _dequantize(init, stem)
    for node in graph.node:
        if node.op_type == "MatMulInteger" and node.name.endswith(MATMUL_SUFFIX):
            stem = node.input[1][: -len(QUANTIZED)]
            module = node.name[1 : -len(MATMUL_SUFFIX)].replace("/", ".")
            state[f"{module}.weight"] = _dequantize(init, stem).T.copy()
    return state


def _dequantize(init: dict[str, np.ndarray], stem: str) -> np.ndarray:
    q = init[stem + QUANTIZED].astype(np.float32)
    zero = init[stem + "_zero_point"].astype(np.float32)
    return ((q - zero) * init[stem + "_scale"].astype(np.float32)).astype(np.float32)


def encoder_depth(state: dict[str, Any]) -> int:
    """The number of encoder layers a BERT state dict holds."""
    return 1 + max(int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer."))


def teacher_student(
    teacher_dir: Path, base: str, labels: tuple[str, ...], layers: int
) -> tuple[Any, tuple[int, ...]]:
    """The teacher as a torch BertForTokenClassification, cut to `layers` of its encoder
    layers (0: all of them); and which of the teacher's layers it kept."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    state = dequantized(teacher_dir / "model.onnx")
    config = BertConfig.from_pretrained(
        base,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
    )
    config.num_hidden_layers = depth = encoder_depth(state)
    model = BertForTokenClassification(config)
    tensors = {k: torch.from_numpy(v) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"teacher weights: missing {missing}, unexpected {unexpected}")
    kept = student_layers(depth, layers) if 0 < layers < depth else tuple(range(depth))
    keep_layers(model, kept)
    return model, kept
