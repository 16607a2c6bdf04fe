from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from classifier.document import Finding
from classifier.policy.operators import OperatorContext, decrypt_tokens
from classifier.policy.rules import OperatorSpec
from classifier.stages.redact import redact_text

KEY = b"k" * 32


def ctx(document: str = "doc-1") -> OperatorContext:
    return OperatorContext(hash_key=KEY, encryption_key=KEY, document_key=document)


def spec(name: str, **params: Any) -> OperatorSpec:
    return OperatorSpec(name, MappingProxyType(params))


def apply(
    text: str,
    spans: list[tuple[int, int, str]],
    op: OperatorSpec,
    context: OperatorContext | None = None,
) -> str:
    findings = [Finding(s, e, t, 0.9) for s, e, t in spans]
    return redact_text(text, findings, {t: op for _, _, t in spans}, context or ctx())


@pytest.mark.parametrize(
    ("value", "op", "expected"),
    [
        ("078-05-1120", spec("mask", keep_last=4), "***-**-1120"),
        ("4111 1111 1111 1234", spec("mask", keep_last=4), "**** **** **** 1234"),
        ("secret", spec("mask"), "******"),
        ("AB12", spec("mask", keep_last=2, char="#"), "##12"),
        ("Ann Lee", spec("tag"), "[X]"),
        ("Ann Lee", spec("keep"), "Ann Lee"),
    ],
)
def test_simple_operators(value: str, op: OperatorSpec, expected: str) -> None:
    assert apply(value, [(0, len(value), "X")], op) == expected


def test_keyed_hash_is_stable_across_documents_and_key_dependent() -> None:
    a = apply("MRN 12345678", [(4, 12, "MRN")], spec("hash"), ctx("doc-a"))
    b = apply("MRN 12345678", [(4, 12, "MRN")], spec("hash"), ctx("doc-b"))
    other = OperatorContext(b"x" * 32, KEY, "doc-a")
    c = apply("MRN 12345678", [(4, 12, "MRN")], spec("hash"), other)
    assert a == b != c
    assert a.startswith("MRN [MRN:") and "12345678" not in a


def test_encrypt_round_trip() -> None:
    text = "Patient Ann Lee, SSN 078-05-1120."
    out = apply(text, [(8, 15, "PERSON"), (21, 32, "US_SSN")], spec("encrypt"))
    assert "Ann Lee" not in out and "078-05-1120" not in out
    restored, count = decrypt_tokens(out, KEY)
    assert (restored, count) == (text, 2)


def test_encrypt_refuses_the_wrong_key() -> None:
    from cryptography.exceptions import InvalidTag

    out = apply("Ann Lee", [(0, 7, "PERSON")], spec("encrypt"))
    with pytest.raises(InvalidTag):
        decrypt_tokens(out, b"z" * 32)


def test_pseudonyms_are_consistent_within_a_document_surname_included() -> None:
    text = "Ann Lee saw Bob Hart. Later Lee called Ann Lee and Hart."
    spans = [
        (0, 7, "PERSON"),
        (12, 20, "PERSON"),
        (28, 31, "PERSON"),
        (39, 46, "PERSON"),
        (51, 55, "PERSON"),
    ]
    assert apply(text, spans, spec("pseudonym")) == (
        "PERSON_1 saw PERSON_2. Later PERSON_1 called PERSON_1 and PERSON_2."
    )


@pytest.mark.parametrize("value", ["03/14/2021", "2021-03-14", "March 14, 2021", "14 Mar 2021"])
def test_date_shift_keeps_format_and_intervals(value: str) -> None:
    later = {
        "03/14/2021": "03/24/2021",
        "2021-03-14": "2021-03-24",
        "March 14, 2021": "March 24, 2021",
        "14 Mar 2021": "24 Mar 2021",
    }[value]
    text = f"{value} and {later}"
    out = apply(
        text,
        [(0, len(value), "DATE_TIME"), (len(value) + 5, len(text), "DATE_TIME")],
        spec("date_shift", max_days=300),
    )
    first, second = out.split(" and ")
    assert first != value

    from classifier.policy.operators import _parse_date

    d1, d2 = _parse_date(first), _parse_date(second)
    assert d1 is not None and d2 is not None
    assert (d2[0] - d1[0]).days == 10


def test_date_shift_falls_back_to_a_tag() -> None:
    assert apply("last Tuesday", [(0, 12, "DATE_TIME")], spec("date_shift")) == "[DATE_TIME]"


def test_surrogate_keeps_the_shape_and_is_stable() -> None:
    out = apply("SSN 078-05-1120", [(4, 15, "US_SSN")], spec("surrogate"))
    assert out[:4] == "SSN " and out[4:] != "078-05-1120"
    assert [c.isdigit() for c in out[4:]] == [c.isdigit() for c in "078-05-1120"]
    assert out == apply("SSN 078-05-1120", [(4, 15, "US_SSN")], spec("surrogate"))
    name = apply("Ann Lee", [(0, 7, "PERSON")], spec("surrogate"))
    assert name != "Ann Lee" and len(name.split()) == 2
