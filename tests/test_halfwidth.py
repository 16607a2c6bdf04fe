"""Identifiers written in fullwidth characters are found where they are."""

from __future__ import annotations

from classifier.stages.detect import Detector

TEXT = (
    "SSN: ２１９-０９-９９９９ phone （６１７） ５５５-０１７３"
    " mail ｚｅｌｄａ＠ｅｘａｍｐｌｅ．ｏｒｇ"
)


def test_fullwidth_identifiers_are_found_at_their_offsets(detector: Detector) -> None:
    found = {TEXT[f.start : f.end] for f in detector.detect(TEXT)}
    assert {"２１９-０９-９９９９", "ｚｅｌｄａ＠ｅｘａｍｐｌｅ．ｏｒｇ"} <= found
    assert any("５５５-０１７３" in value for value in found)
