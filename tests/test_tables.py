"""detection/tables.py: values redacted by the column or the key they sit under."""

from __future__ import annotations

import pytest

from classifier.detection.tables import NAME, header_entity, table_columns
from classifier.document import Finding

CSV = (
    "customer_id,first_name,last_name,email,orders,total\n"
    'C-100238,Thanh,Pham,"thanh.pham@example.com",63,8812.40\n'
    "C-100240,Hannah,,h.schmidt@example.edu,5,389.45\n"
)


def _found(text: str, findings: list[Finding] | None = None) -> list[tuple[str, str]]:
    added = table_columns(text, findings or [])[len(findings or []) :]
    return [(f.entity_type, text[f.start : f.end]) for f in added if f.recognizer == NAME]


def test_a_personal_column_is_redacted_cell_by_cell_and_the_rest_is_not() -> None:
    assert _found(CSV) == [
        ("ID", "C-100238"),
        ("ID", "C-100240"),
        ("PERSON", "Thanh"),
        ("PERSON", "Hannah"),
        ("PERSON", "Pham"),
        ("EMAIL_ADDRESS", "thanh.pham@example.com"),
        ("EMAIL_ADDRESS", "h.schmidt@example.edu"),
    ]


def test_a_column_mostly_found_already_is_found_whole() -> None:
    text = "id\tcontact\tqty\n1\tAda Brook\t3\n2\tIvo Lenz\t4\n3\tMo Ruiz\t5\n"
    sure = [
        Finding(text.index(n), text.index(n) + len(n), "PERSON", 0.9)
        for n in ("Ada Brook", "Ivo Lenz")
    ]
    assert ("PERSON", "Mo Ruiz") in _found(text, sure)


@pytest.mark.parametrize(
    "text",
    [
        "CARD--REMAINS IN SR, BP STABLE.\nGU--CONTS, GOOD URINE.\nGI--TOL TF, NO STOOL.\n",
        "Springfield, IL\nBoston, MA\nAustin, TX\n",  # one comma a line: prose, not a table
        "product_name,sku,qty\nWidget,SKU-1,3\nGadget,SKU-2,4\n",
    ],
)
def test_what_is_not_a_personal_table(text: str) -> None:
    assert _found(text) == []


def test_json_and_xml_values_under_personal_keys() -> None:
    text = '{"nickname": "Ploy", "productName": "Widget"}\n<Nome>Giulia</Nome><Qty>3</Qty>'
    assert _found(text) == [("PERSON", "Ploy"), ("PERSON", "Giulia")]


@pytest.mark.parametrize(
    ("header", "entity"),
    [
        ("Given names", "PERSON"),
        ("Fecha nacimiento", "DATE_TIME"),
        ("customerId", "ID"),
        ("Product name", None),
        ("orders", None),
    ],
)
def test_header_entity(header: str, entity: str | None) -> None:
    assert header_entity(header) == entity


def test_a_blank_line_ends_a_table() -> None:
    text = "name,phone,city\nAnn Lee,555-0101,Leeds\n\nBo Li,555-0102,York\nCy Ng,555-0103,Hull\n"
    assert ("PERSON", "Bo Li") not in _found(text)


def test_a_long_text_of_lines_alike_is_read_in_linear_time() -> None:
    """Runs of equal delimiter counts are found once: 100,000 lines of one comma each (no
    table) took quadratic time in the first version."""
    import time

    text = "\n".join(f"line {i}, with one comma" for i in range(100_000))
    started = time.perf_counter()
    assert _found(text) == []
    assert time.perf_counter() - started < 10
