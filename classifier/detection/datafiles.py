"""The detection layer's data files in `classifier/detection/data/`: one entry per line, in
file order; blank lines and lines starting with `#` are skipped. Each file is read once."""

from __future__ import annotations

import functools
from importlib import resources

DATA = resources.files("classifier.detection").joinpath("data")


@functools.cache
def data_lines(filename: str) -> tuple[str, ...]:
    """The stripped entries of `data/<filename>`, in order."""
    text = DATA.joinpath(filename).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
