from __future__ import annotations

import pytest

from classifier.detection.recognizers.long_number import LongNumberRecognizer

CASES = [
    ("5. Số CCCD 079192004518 cấp ngày", ["079192004518"]),
    ("PID|1||ACCT88130022|x", ["ACCT88130022"]),
    ("ref 7707150842087 on file", ["7707150842087"]),
    # not an identifier: amounts, short numbers, paths, times
    ("total 1234567.50 EUR", []),
    ("1,234,567 shares", []),
    ("room 4412, ext 55012", []),
    ("see /var/log/1234567/", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(LongNumberRecognizer().analyze(text, ["ID"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
