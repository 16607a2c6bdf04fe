"""The FHIR service behind web/fhir.py: submissions through the document service (so each is
stored, processed by the one Pipeline, audited, quarantined like any other), the FHIR view of
processed documents, search, and the asynchronous `$de-identify` jobs.

A Patient sent with a document adds its known values to detection for that request only: the
service's pipeline is copied with a detector that also finds them, used once and dropped."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from classifier.detection.known_values import KnownValues, KnownValuesDetector
from classifier.errors import Conflict, NotFound
from classifier.fhir.patient import known_values
from classifier.fhir.results import (
    FILE_SUFFIX,
    Processed,
    binary,
    document_reference,
    file_binary,
    from_record,
    own_format,
)
from classifier.fhir.submission import Submission
from classifier.pipeline import Pipeline, new_id
from classifier.policy.hl7 import Hl7Labels
from classifier.security.access import Principal
from classifier.security.at_rest import private_dir, purge_older, write_private
from classifier.service.documents import FINAL_ACTIONS, DocumentService, Submitted
from classifier.service.store import DocumentRow
from classifier.settings import storage_root

SOURCE = "fhir"
MAX_JOBS = 1000  # $de-identify jobs kept in memory (oldest dropped; all are on disk)
JOB_ID = re.compile(r"[0-9a-f]{32}")  # new_id(): nothing else names a job file


@dataclass(frozen=True)
class Outcome:
    """A submission's outcome: the stored row and result record, and its FHIR resources
    when the redacted document may be released now (redact or pass)."""

    row: DocumentRow
    record: dict[str, Any]
    resources: tuple[dict[str, Any], dict[str, Any]] | None


@dataclass
class Job:
    id: str
    owner: str
    document_ids: list[str]
    created: float = field(default_factory=time.time)


class FhirService:
    def __init__(self, documents: DocumentService):
        self.documents = documents
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        # a job's document ids (no content) survive a restart: its documents do (jobs resume)
        self._job_dir = storage_root(documents.settings) / "fhir-jobs"

    @property
    def hl7(self) -> Hl7Labels:
        return self.documents.pipeline.policy.hl7

    # submission ---------------------------------------------------------------------------
    def submit(self, submission: Submission, principal: Principal, wait: bool = True) -> Submitted:
        return self.documents.submit_bytes(
            submission.content,
            submission.filename,
            principal,
            SOURCE,
            wait,
            pipeline=self._pipeline_for(submission),
        )

    def _pipeline_for(self, submission: Submission) -> Pipeline | None:
        """The service's pipeline with the Patients' known values added, or None (its own)."""
        if not submission.patients:
            return None
        pipeline = self.documents.pipeline
        values = [v for p in submission.patients for v in known_values(p).values]
        detector = KnownValuesDetector(pipeline.detector, KnownValues(values))
        return pipeline.replace(detector=detector)

    def process(self, submission: Submission, principal: Principal) -> Outcome:
        submitted = self.submit(submission, principal, wait=True)
        record = submitted.result
        assert record is not None  # waited for
        resources = None
        if record["status"] == "processed" and record["action"] in FINAL_ACTIONS:
            doc = from_record(
                record,
                submitted.row.created_at,
                original=submission.original,
                subject=submission.subject,
            )
            resources = (document_reference(doc, self.hl7), binary(doc, self.hl7))
        return Outcome(submitted.row, record, resources)

    # reads --------------------------------------------------------------------------------
    def released(self, row: DocumentRow) -> bool:
        if row.status != "processed" or row.purged_at:
            return False
        return row.review_state == "released" or (
            row.review_state is None and row.action in FINAL_ACTIONS
        )

    def document_reference(self, doc_id: str, principal: Principal) -> dict[str, Any]:
        row = self.documents.visible(doc_id, principal)
        if not self.released(row):
            raise NotFound(doc_id)
        return document_reference(_from_row(row, file_type=self._file_type(row)), self.hl7)

    def binary(self, doc_id: str, principal: Principal) -> dict[str, Any]:
        """Binary/<id>: the redacted text; Binary/<id>-file: the redacted document in its own
        format. Each audited as a read."""
        if doc_id.endswith(FILE_SUFFIX):
            doc_id = doc_id.removesuffix(FILE_SUFFIX)
            row = self.documents.visible(doc_id, principal)
            if self._file_type(row) is None:  # text only: nothing read, nothing audited
                raise NotFound(doc_id + FILE_SUFFIX)
            content, media_type, _ = self.documents.redacted_file(doc_id, principal)
            return file_binary(_from_row(row), self.hl7, content, media_type)
        row, text = self.documents.redacted(doc_id, principal)  # audited as a read
        return binary(_from_row(row, text, self._file_type(row)), self.hl7)

    def _file_type(self, row: DocumentRow) -> str | None:
        return own_format(self.documents.redacted_media_type(row))

    def search(
        self, principal: Principal, params: dict[str, str], limit: int
    ) -> list[dict[str, Any]]:
        rows = self.documents.documents(principal, limit=max(limit * 5, 500))
        found = []
        for row in rows:
            if not self.released(row):
                continue
            if _matches(document_reference(_from_row(row), self.hl7), row, params):
                # the stored result is opened only for what is returned
                doc = _from_row(row, file_type=self._file_type(row))
                found.append(document_reference(doc, self.hl7))
            if len(found) >= limit:
                break
        return found

    # $de-identify -------------------------------------------------------------------------
    def start_job(self, submissions: list[Submission], principal: Principal) -> Job:
        ids = [self.submit(s, principal, wait=False).row.id for s in submissions]
        job = Job(new_id(), principal.id, ids)
        self._save(job)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS:
                self._jobs.pop(next(iter(self._jobs)))
        self.documents.audit.record(
            "fhir.deidentify.started",
            job_id=job.id,
            actor=principal.id,
            documents=len(ids),
            outcome="success",
        )
        return job

    def _save(self, job: Job) -> None:
        """The job on disk, owner-only; jobs older than `retention_days` purged."""
        private_dir(self._job_dir)
        purge_older(self._job_dir, self.documents.settings.retention_days)
        write_private(self._job_dir / f"{job.id}.json", json.dumps(asdict(job)).encode())

    def _load(self, job_id: str) -> Job | None:
        path = self._job_dir / f"{job_id}.json"
        if not JOB_ID.fullmatch(job_id) or not path.is_file():
            return None
        return Job(**json.loads(path.read_text(encoding="utf-8")))

    def job(self, job_id: str, principal: Principal) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            job = self._load(job_id)  # started before a restart, or dropped from memory
        if job is None or (job.owner != principal.id and not principal.can("documents.read_all")):
            raise NotFound(job_id)
        return job

    def job_rows(self, job: Job) -> list[DocumentRow]:
        rows = [self.documents.store.document(i) for i in job.document_ids]
        return [r for r in rows if r is not None]

    def job_done(self, job: Job) -> bool:
        return all(r.status != "queued" for r in self.job_rows(job))

    def job_output(self, job: Job, principal: Principal) -> tuple[list[dict[str, Any]], list[Any]]:
        """(redacted DocumentReferences with their text inline, problems) of a finished job;
        a problem is (document id, reason) for a document quarantined, held or blocked."""
        if not self.job_done(job):
            raise Conflict("the job is still running")
        done, problems = [], []
        for row in self.job_rows(job):
            if self.released(row):
                row, text = self.documents.redacted(row.id, principal)
                done.append(document_reference(_from_row(row, text), self.hl7))
            else:
                problems.append((row.id, _problem(row)))
        return done, problems


def _problem(row: DocumentRow) -> str:
    if row.status == "quarantined":
        return f"quarantined: {row.error_reason}"
    if row.review_state == "pending":
        return "held for review"
    return f"not released ({row.status}, action {row.action})"


def _from_row(row: DocumentRow, text: str | None = None, file_type: str | None = None) -> Processed:
    return Processed(
        id=row.id,
        label=row.label,
        domain=row.domain,
        sensitivity=row.sensitivity,
        confidence=row.confidence,
        created=row.created_at,
        text=text,
        file_type=file_type,
    )


def _matches(resource: dict[str, Any], row: DocumentRow, params: dict[str, str]) -> bool:
    """FHIR token search: each parameter a comma-separated list, any may match
    (`system|code` or a bare code)."""
    codes = {
        "_id": {row.id},
        "type": {c["code"] for c in resource["type"]["coding"]},
        "category": {row.domain or "none"},
        "security-label": {c["code"] for c in resource["meta"]["security"]},
    }
    for name, wanted in params.items():
        given = {w.rsplit("|", 1)[-1] for w in wanted.split(",")}
        if not given & codes[name]:
            return False
    return True
