"""Give a classifier's ONNX graph a second output, `embedding`: the [CLS] hidden state of the
last layer (the input of the pooler), so the frozen encoder can describe a document for the
small heads (classifier/ml/embedding.py). The logits are computed exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from classifier.errors import ModelError
from classifier.ml.embedding import EMBEDDING_OUTPUT

CLS_STATE = "/bert/pooler/Gather_output_0"


def add_embedding_output(source: Path, target: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(source))
    graph = model.graph
    if any(o.name == EMBEDDING_OUTPUT for o in graph.output):
        if source.resolve() != target.resolve():
            shutil.copy(source, target)
        return
    if not any(CLS_STATE in node.output for node in graph.node):
        raise ModelError(f"{source}: no {CLS_STATE} in the graph to expose as an embedding")
    graph.node.append(helper.make_node("Identity", [CLS_STATE], [EMBEDDING_OUTPUT]))
    graph.output.append(
        helper.make_tensor_value_info(EMBEDDING_OUTPUT, TensorProto.FLOAT, ["batch", "hidden"])
    )
    onnx.save(model, str(target))
