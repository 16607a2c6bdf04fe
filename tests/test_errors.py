"""The one error tree: every class is drawn in errors.py's docstring and carries its status."""

from __future__ import annotations

import re

import pytest

from classifier import errors
from web.errors import status_for_reason


def _tree(base: type[errors.ClassifierError]) -> list[type[errors.ClassifierError]]:
    found = [base]
    for sub in base.__subclasses__():
        if sub.__module__ == errors.__name__:
            found.extend(_tree(sub))
    return found


def test_the_docstring_draws_every_class_with_its_status() -> None:
    drawn = dict(re.findall(r"(\w+)\s+(\d{3})\s", errors.__doc__ or ""))
    defined = _tree(errors.ClassifierError)
    assert drawn == {error.__name__: str(error.http_status) for error in defined}


def test_errors_are_defined_only_in_errors_py() -> None:
    import classifier.security.egress as egress
    import classifier.service.store as store

    assert egress.EgressRefused is errors.EgressRefused
    assert store.StoreError is errors.StoreError
    assert issubclass(errors.EgressRefused, PermissionError)


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("document too large", 413),
        ("unsupported format", 415),
        ("corrupt document", 422),
        ("encrypted document", 422),
        ("no text extracted", 422),
        ("something new", 422),
    ],
)
def test_a_quarantine_reason_maps_to_the_status_of_its_error(reason: str, status: int) -> None:
    assert status_for_reason(reason) == status


def test_document_errors_answer_with_their_quarantine_reason() -> None:
    assert errors.CorruptDocument("x").title == "corrupt document"
    assert errors.NotFound("doc-id").public_detail() == "no such document"
