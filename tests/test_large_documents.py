# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The bound on large documents processed at once (issue 16): real requests against the app,
from threads. A spy around the service's real pipeline counts how many large documents are
inside it at the same moment and holds each a little, so that overlaps would show."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask

from classifier.pipeline import Pipeline
from tests.documents import CLINICAL_NOTE
from tests.web_fixtures import bearer, service_of, tokens_for, web_settings  # noqa: F401
from web import create_app

LARGE_BYTES = 4000
LARGE = (CLINICAL_NOTE + "\n") * (LARGE_BYTES // len(CLINICAL_NOTE) + 1)
SMALL = CLINICAL_NOTE.splitlines()[0]
HOLD_S = 0.4


class Overlaps:
    """Wraps the real pipeline; records the most large (and any small) documents inside."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.lock = threading.Lock()
        self.large_now = self.large_most = 0
        self.small_beside_large = 0

    def process(self, document: Any, doc_id: str) -> Any:
        large = len(document.content) >= LARGE_BYTES
        with self.lock:
            self.large_now += large
            self.large_most = max(self.large_most, self.large_now)
            self.small_beside_large += (not large) and self.large_now > 0
        try:
            time.sleep(HOLD_S if large else 0)
            return self.pipeline.process(document, doc_id)
        finally:
            with self.lock:
                self.large_now -= large

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pipeline, name)


def _app(pipeline: Pipeline, web_settings: dict[str, Any], **bound: Any) -> Flask:
    settings = {**web_settings, "large_document_bytes": LARGE_BYTES, **bound}
    app = create_app(settings, pipeline=pipeline)
    app.config["TESTING"] = True
    return app


def _post(app: Flask, token: str, text: str, wait: bool = True) -> Any:
    query = "" if wait else "?wait=false"
    return app.test_client().post(
        f"/api/v1/documents{query}", json={"text": text}, headers=bearer(token)
    )


@pytest.fixture
def bounded(pipeline: Pipeline, web_settings: dict[str, Any]):  # type: ignore[no-untyped-def]
    made: list[Flask] = []

    def make(**bound: Any) -> tuple[Flask, Overlaps, str]:
        app = _app(pipeline, web_settings, **bound)
        made.append(app)
        svc = service_of(app)
        spy = Overlaps(svc.pipeline)
        svc.pipeline = spy
        return app, spy, tokens_for(app)["submitter"]

    yield make
    for app in made:
        service_of(app).close()


def test_large_synchronous_documents_wait_their_turn_small_ones_do_not(bounded) -> None:  # type: ignore[no-untyped-def]
    app, spy, token = bounded(max_concurrent_large_documents=1, large_document_wait_s=30)
    with ThreadPoolExecutor(4) as pool:
        large = [pool.submit(_post, app, token, LARGE) for _ in range(3)]
        time.sleep(HOLD_S / 2)
        small = pool.submit(_post, app, token, SMALL)
        codes = [f.result().status_code for f in [*large, small]]
    assert codes == [200] * 4
    assert spy.large_most == 1
    assert spy.small_beside_large == 1  # the small one went through while a large one ran


def test_a_second_slot_lets_two_run_at_once(bounded) -> None:  # type: ignore[no-untyped-def]
    app, spy, token = bounded(max_concurrent_large_documents=2, large_document_wait_s=30)
    with ThreadPoolExecutor(4) as pool:
        codes = [r.status_code for r in pool.map(lambda _: _post(app, token, LARGE), range(4))]
    assert codes == [200] * 4
    assert spy.large_most == 2


def test_refused_synchronous_document_gets_503_and_is_not_stored(bounded) -> None:  # type: ignore[no-untyped-def]
    app, _, token = bounded(max_concurrent_large_documents=1, large_document_wait_s=0)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(_post, app, token, LARGE)
        time.sleep(HOLD_S / 2)
        second = _post(app, token, LARGE)
        assert first.result().status_code == 200
    assert second.status_code == 503
    assert second.headers["Retry-After"] == "1"
    assert second.get_json()["error"]["reason"] == "service busy"
    assert len(service_of(app).store.documents(limit=10)) == 1


def test_background_jobs_wait_in_their_worker(bounded) -> None:  # type: ignore[no-untyped-def]
    app, spy, token = bounded(
        max_concurrent_large_documents=1, large_document_wait_s=0, job_workers=3
    )
    accepted = [_post(app, token, LARGE, wait=False) for _ in range(3)]
    assert [r.status_code for r in accepted] == [202] * 3
    client = app.test_client()
    deadline = time.monotonic() + 60
    statuses: list[str] = []
    while time.monotonic() < deadline:
        statuses = [
            client.get(r.get_json()["url"], headers=bearer(token)).get_json()["status"]
            for r in accepted
        ]
        if statuses == ["processed"] * 3:
            break
        time.sleep(0.1)
    assert statuses == ["processed"] * 3
    assert spy.large_most == 1
