"""Word lists shipped as text files in `classifier/detection/data/`: one entry per line, lines
starting with `#` are comments (each file opens with what it holds and where it is from).
Each file is read once per process."""

from __future__ import annotations

import functools
from importlib import resources

DATA = resources.files("classifier.detection").joinpath("data")


@functools.cache
def word_list(filename: str) -> frozenset[str]:
    """The entries of `data/<filename>`: stripped lines that are neither blank nor comments."""
    text = DATA.joinpath(filename).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
