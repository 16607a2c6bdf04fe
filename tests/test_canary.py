"""No PII in logs: canary values planted in documents sent through every entry point (the
`process` and `watch` commands, the REST API, the in-process watcher), failing documents
included, never appear in a log line, an audit record, an error message, a reason file, the
watcher's ledger or a temporary file left behind. Debug logging is on throughout.

Not checked, by design: the redacted outputs (a canary that is not PII stays in them) and the
stored originals in quarantine/ and archive/ (they are the documents themselves)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from classifier.ml.text_classifier import TextClassifier
from classifier.pipeline import Pipeline
from classifier.settings import ROOT
from classifier.watch.watcher import Watcher
from tests.documents import docx_bytes, eml_bytes, encrypted_pdf_bytes, pdf_bytes
from tests.web_fixtures import service_of, tokens_for, web_settings  # noqa: F401
from web import create_app

CANARIES = (
    "Quillon Vantablack",
    "quillon.vantablack@example.org",
    "617-555-0199",
    "CANARY-7Q4ZP-LUMEN",
)
LINES = [
    "Discharge summary for Quillon Vantablack, seen in the cardiology clinic.",
    "Contact quillon.vantablack@example.org or 617-555-0199. Ref CANARY-7Q4ZP-LUMEN.",
    "Blood pressure was stable and the patient was discharged home.",
]
TEXT = "\n".join(LINES)


def _broken_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f"<w:document><w:body>{TEXT}</w:bod")
    return buf.getvalue()


# name -> content; the last five must be quarantined
DOCUMENTS = {
    "summary.txt": TEXT.encode(),
    "summary.pdf": pdf_bytes(LINES),
    "summary.docx": docx_bytes(LINES),
    "referral.eml": eml_bytes(TEXT, attachments={"note.txt": TEXT.encode()}),
    "broken.pdf": b"%PDF-1.7\n1 0 obj\n(" + TEXT.encode() + b")\nendobj\n",
    "broken.docx": _broken_docx(),
    "locked.pdf": encrypted_pdf_bytes(LINES),
    "blob.bin": b"\x00\x01\x02" + TEXT.encode() + b"\x00\xff",
    "empty.pdf": pdf_bytes([" "]),
}


def canaries_in(text: str) -> list[str]:
    return [c for c in CANARIES if c.lower() in text.lower()]


def leaks_in_files(paths: Iterable[Path]) -> dict[str, list[str]]:
    leaks = {}
    for path in paths:
        if path.is_file():
            found = canaries_in(path.read_bytes().decode("utf-8", "replace"))
            if found:
                leaks[str(path)] = found
    return leaks


def files(root: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if p.is_file()) if root.exists() else []


def quarantined_results(out_dir: Path) -> list[Path]:
    return [
        p
        for p in files(out_dir, "*.json")
        if json.loads(p.read_text()).get("status") == "quarantined"
    ]


def write_documents(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in DOCUMENTS.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


# the commands, in subprocesses ---------------------------------------------------------------
@pytest.fixture(scope="module")
def command_runs(
    model: TextClassifier, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    tmp = tmp_path_factory.mktemp("canary-cli")
    (tmp / "tmpdir").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env.update(
        CLASSIFIER_AUDIT_DIR=str(tmp / "audit"),
        CLASSIFIER_DATA_DIR=str(tmp / "var"),
        CLASSIFIER_MODELS_DIR=str(model.model_dir.parent),
        CLASSIFIER_MODEL=model.model_dir.name,
        CLASSIFIER_LOG_LEVEL="DEBUG",
        CLASSIFIER_WATCH_STABLE_MS="0",
        TMPDIR=str(tmp / "tmpdir"),
    )
    paths = write_documents(tmp / "in")
    write_documents(tmp / "watch" / "inbox" / "cardiology")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "classifier.cli.main", *args],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
            env=env,
        )

    process = run("process", *map(str, paths), "--out", str(tmp / "out"))
    watch = run("watch", "--once", str(tmp / "watch"))
    return tmp, [process, watch]


def test_commands_process_and_quarantine(
    command_runs: tuple[Path, list[subprocess.CompletedProcess[str]]],
) -> None:
    tmp, (process, watch) = command_runs
    assert process.returncode == 1  # some documents were quarantined
    assert len(quarantined_results(tmp / "out")) == 5, process.stdout
    assert watch.returncode == 0, watch.stderr
    assert len(files(tmp / "watch" / "quarantine", "*.reason.json")) == 5


def test_no_canary_from_the_commands(
    command_runs: tuple[Path, list[subprocess.CompletedProcess[str]]],
) -> None:
    tmp, runs = command_runs
    for run in runs:
        assert canaries_in(run.stdout + run.stderr) == []
        assert " classifier." in run.stderr  # the log lines were there to check
    watch = tmp / "watch"
    checked = [
        *files(tmp / "audit"),
        *files(tmp / "tmpdir"),
        *files(tmp / "var", "*.reason.json"),
        *files(watch / "quarantine", "*.reason.json"),
        *files(watch / "processing"),
        *files(watch / ".watch"),
        *quarantined_results(tmp / "out"),
    ]
    assert len(checked) > 10
    assert leaks_in_files(checked) == {}
    assert files(tmp / "tmpdir") == [] and files(watch / "processing") == []


# the API and the watcher, in process ---------------------------------------------------------
@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def api_client(
    pipeline: Pipeline,
    web_settings: dict,  # type: ignore[type-arg]  # noqa: F811
) -> Iterator[FlaskClient]:
    limited = pipeline.replace(max_document_bytes=50_000)  # the form allows 64 KiB more
    app = create_app({**web_settings, "max_document_bytes": 50_000}, pipeline=limited)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens_for(app)['submitter']}"
    yield client
    service_of(app).close()


def test_no_canary_from_the_api(
    api_client: FlaskClient,
    test_settings,  # type: ignore[no-untyped-def]
    debug_logs: pytest.LogCaptureFixture,
    private_tmp: Path,
) -> None:
    client = api_client
    bodies = []
    over_limit = {"over-limit.txt": TEXT.encode() * 300}  # 60 KB: quarantined, audited
    for name, content in {**DOCUMENTS, **over_limit}.items():
        response = client.post(
            "/api/v1/documents",
            data={"file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        if response.status_code != 200:
            bodies.append(response.get_data(as_text=True))
    too_big = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(TEXT.encode() * 1500), "huge.txt")},  # 300 KB: refused
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413
    bodies.append(too_big.get_data(as_text=True))
    text = client.post("/api/v1/documents", json={"text": TEXT})
    assert text.status_code == 200
    assert client.get("/healthz").status_code == 200  # still serving

    assert len(bodies) == 7
    assert [canaries_in(b) for b in bodies] == [[]] * 7
    assert canaries_in("\n".join(r.getMessage() for r in debug_logs.records)) == []
    audit_dir = Path(test_settings.audit_dir)
    reasons = files(Path(test_settings.data_dir), "*.reason.json")
    assert len(reasons) == 6
    assert leaks_in_files([*files(audit_dir), *reasons, *files(private_tmp)]) == {}
    assert files(private_tmp) == []


def test_no_canary_from_the_watcher(
    pipeline: Pipeline,
    tmp_path: Path,
    debug_logs: pytest.LogCaptureFixture,
    private_tmp: Path,
) -> None:
    root = tmp_path / "w"
    write_documents(root / "inbox" / "ward-3")
    counts = Watcher(pipeline, root, stable_seconds=0).run_until_idle()
    assert counts["quarantine"] == 5 and sum(counts.values()) == len(DOCUMENTS)
    assert canaries_in("\n".join(r.getMessage() for r in debug_logs.records)) == []
    checked = [
        *files(Path(pipeline.audit.directory)),
        *files(root / "quarantine", "*.reason.json"),
        *files(root / ".watch"),
        *files(root / "processing"),
        *files(private_tmp),
    ]
    assert leaks_in_files(checked) == {}
    assert files(root / "processing") == [] and files(private_tmp) == []
