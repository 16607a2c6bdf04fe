# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""Malformed FHIR never gets a traceback: every element in turn of a valid DocumentReference
(with a contained Patient, or a contained Binary) or ITI-65 Bundle is replaced by each odd
value; every answer is a success or an OperationOutcome under 500."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.fhir_documents import FHIR_JSON, document_reference, patient, provide_bundle, with_binary
from tests.web_fixtures import app, bearer, tokens, web_settings  # noqa: F401

ODD = [None, 5, {}, [None]]
NOTE = "Note for Ann Lee, seen today."
BASES = {
    "inline with Patient": (
        "/fhir/DocumentReference",
        document_reference(NOTE, contained=[patient()]),
    ),
    "contained Binary": ("/fhir/DocumentReference", with_binary(NOTE)),
    "ITI-65 Bundle": ("/fhir", provide_bundle(NOTE, with_patient=True)),
}


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*path, i))


def _mutated(base: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path in _paths(base):
        for odd in ODD:
            resource = copy.deepcopy(base)
            node = resource
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = copy.deepcopy(odd)
            yield resource


@pytest.mark.parametrize("base", sorted(BASES))
def test_mutated_resources_get_operation_outcomes(
    app: Flask, tokens: dict[str, str], base: str
) -> None:
    url, resource = BASES[base]
    client = app.test_client()
    headers = {**bearer(tokens["submitter"]), **FHIR_JSON}
    for mutated in _mutated(resource):
        response = client.post(url, json=mutated, headers=headers)
        assert response.status_code < 500, response.get_data()
        if response.status_code >= 400:
            assert response.json["resourceType"] == "OperationOutcome"
