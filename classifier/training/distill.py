"""Knowledge distillation: a shallow student learns from a fine-tuned teacher's soft targets
(at a temperature) and from the hard labels.

The student is the base encoder cut down to a few of its layers (every other layer by
default), so it starts from pretrained weights of the same family as the teacher. The teacher's
logits come from its shipped ONNX encoder, computed once before training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from classifier.ml.text_classifier import TextClassifier

KD_TEMPERATURE = 2.0
KD_WEIGHT = 0.7  # share of the loss from the teacher's soft targets


def teacher_logits(teacher_dir: Path, texts: list[str], batch: int = 16) -> np.ndarray:
    teacher = TextClassifier(teacher_dir)
    return np.concatenate(
        [teacher.encoder_logits(texts[i : i + batch]) for i in range(0, len(texts), batch)]
    )


def keep_layers(model: Any, layers: tuple[int, ...]) -> None:
    """Cut a BERT-style model down to `layers` of its encoder, in place."""
    import torch

    encoder = model.bert.encoder
    encoder.layer = torch.nn.ModuleList([encoder.layer[i] for i in layers])
    model.config.num_hidden_layers = len(layers)


def student_layers(total: int, keep: int) -> tuple[int, ...]:
    """Evenly spread layers, the last one always kept (e.g. 6 -> 3: 1, 3, 5)."""
    step = total / keep
    return tuple(round(step * (i + 1)) - 1 for i in range(keep))


def kd_loss(student: Any, teacher: Any, labels: Any, hard_loss: Any) -> Any:
    import torch.nn.functional as F

    t = KD_TEMPERATURE
    soft = F.kl_div(
        F.log_softmax(student / t, dim=-1), F.softmax(teacher / t, dim=-1), reduction="batchmean"
    ) * (t * t)
    return KD_WEIGHT * soft + (1.0 - KD_WEIGHT) * hard_loss(student, labels)
