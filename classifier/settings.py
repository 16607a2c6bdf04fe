"""Service settings: one table of (name, default, help), Datasette style.

Values come from, in increasing priority: the defaults below, a TOML settings file
(`--settings FILE` or `CLASSIFIER_SETTINGS`), environment variables `CLASSIFIER_<NAME>`, and
explicit overrides (command-line flags, `create_app(test_config)`). An unknown key in any of
them is an error at start-up, not a silent no-op.
"""

from __future__ import annotations

import os
import re
import socket
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.errors import SettingsError

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout's root; site-packages when the package is installed
# Shipped with the package (links to the checkout's models/ and policies/, copied into a wheel).
SHIPPED_MODELS = (PACKAGE / "models").resolve()
SHIPPED_POLICIES = (PACKAGE / "policies").resolve()
# Settings that default to a folder under another when left empty: name -> (setting, folder).
UNDER = {"audit_dir": ("data_dir", "audit_logs"), "keys_dir": ("data_dir", "keys")}


def default_data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`var/` in a source checkout; an installed package keeps its state in the user's data
    folder (`$XDG_DATA_HOME/doc-classifier`), never beside its code in site-packages."""
    if (ROOT / "pyproject.toml").is_file():
        return ROOT / "var"
    base = environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "doc-classifier"


NODE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")  # as audit file names take it


def host_node_id(host: str | None = None) -> str:
    """The default `node_id`: the host name, lower case, other characters as `-`."""
    name = re.sub(r"[^a-z0-9._-]", "-", (host or socket.gethostname()).lower())
    return name.lstrip("._-")[:63] or "node"


def _node_id(value: str, origin: str) -> str:
    if not value:
        return host_node_id()
    if not NODE_ID.fullmatch(value):
        raise SettingsError(
            f"{origin}: setting node_id {value!r}: letters, digits, '.', '_' or '-' "
            "(at most 63, starting with a letter or digit)"
        )
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address the web service listens on"),
    Setting("port", 8000, "Port the web service listens on"),
    Setting("threads", 4, "Waitress worker threads"),
    Setting("models_dir", str(SHIPPED_MODELS), "Folder of model directories and ACTIVE"),
    Setting("model", "", "Model directory name to load (empty: the one named in models/ACTIVE)"),
    Setting(
        "phi_tagger",
        "phi-tagger-3",
        "PHI tagger model directory under models_dir (none: spaCy's NER finds names instead)",
    ),
    Setting("policy", str(SHIPPED_POLICIES / "default.yaml"), "Policy file applied"),
    Setting("data_dir", str(default_data_dir()), "State: quarantine, database, keys, audit trail"),
    Setting("audit_dir", "", "Folder of the audit trail (empty: <data_dir>/audit_logs)"),
    Setting("keys_dir", "", "Site keys of the hash and encrypt operators (empty: <data_dir>/keys)"),
    Setting("audit_key_dir", "", "Audit HMAC and signing keys (empty: <data_dir>/keys)"),
    Setting(
        "node_id",
        "",
        "This machine's audit chain: audit-<node_id>-... files (empty: the host name); "
        "unique per machine",
    ),
    Setting("audit_max_bytes", 100 * 1024 * 1024, "Audit file size that starts a new file"),
    Setting("audit_checkpoint_every", 100, "Signed audit checkpoint every N records"),
    Setting(
        "audit_checkpoint_seconds",
        60,
        "Signed audit checkpoint at most this long after a record (0: only every N and at stop)",
    ),
    Setting(
        "audit_retention_days",
        2190,
        "Days audit files are kept; only verified ones are deleted (0: forever)",
    ),
    Setting("max_document_bytes", 50 * 1024 * 1024, "Largest accepted document, in bytes"),
    Setting("max_text_chars", 2_000_000, "Longest extracted text analysed, in characters"),
    Setting("max_pages", 500, "Most pages (PDF pages, TIFF frames) one document may have"),
    Setting("max_image_pixels", 90_000_000, "Largest image decoded, in pixels (bombs refused)"),
    Setting("max_uncompressed_bytes", 200 * 1024 * 1024, "Largest uncompressed DOCX content"),
    Setting("max_compression_ratio", 100, "Largest DOCX uncompressed/compressed size ratio"),
    Setting(
        "max_attachment_depth",
        5,
        "Deepest nesting of attachments (e-mail in e-mail); deeper ones are quarantined",
    ),
    Setting("max_output_bytes", 200 * 1024 * 1024, "Largest redacted document written, in bytes"),
    Setting(
        "max_document_seconds",
        300,
        "Time budget of one document, attachments included (over it: quarantined)",
    ),
    Setting(
        "large_document_bytes",
        5 * 1024 * 1024,
        "A document this size or larger takes one of the large-document slots while processed",
    ),
    Setting(
        "max_concurrent_large_documents",
        1,
        "Large documents processed at once; a synchronous one waits, then gets 503 (0: no bound)",
    ),
    Setting(
        "large_document_wait_s",
        5,
        "How long a synchronous large document waits for a slot before 503 + Retry-After",
    ),
    Setting("ocr_language", "eng", "Tesseract language(s) for scans and images, e.g. eng+deu"),
    Setting("ocr_dpi", 200, "Resolution scanned PDF pages are rendered at for OCR"),
    Setting("ocr_timeout_s", 120, "Longest one page's OCR may take, in seconds"),
    Setting("onnx_threads", 2, "Intra-op threads for ONNX Runtime (0: library default)"),
    Setting(
        "min_known_words",
        25,
        "A document with fewer distinct words the classifier's lexical model knows goes to review"
        " (0: off; fitted on the calibration slice by benchmarks/min_evidence_fit.py)",
    ),
    Setting("log_level", "INFO", "Python logging level"),
    Setting("watch_dir", "", "Watched folder (inbox/ outbox/ ...); `serve` watches it too if set"),
    Setting("watch_stable_ms", 2000, "A watched file is taken once size and mtime hold this long"),
    Setting(
        "watch_share_stable_ms",
        "",
        "Windows of inbox subfolders that are shares of their own: radiology=30000,billing=5000",
    ),
    Setting("watch_poll_ms", 1000, "How often the watched inbox is scanned (polling: SMB, NFS)"),
    Setting("watch_archive", True, "Keep processed originals in archive/ (false: delete them)"),
    Setting(
        "database",
        "",
        "State: jobs, review queue, users, tokens: a SQLite file, or a postgresql:// URL "
        "(empty: <data_dir>)",
    ),
    Setting("retention_days", 30, "Days originals and redacted outputs are kept (0: forever)"),
    Setting(
        "shared_storage",
        "",
        "Folder every node sees: sealed originals and outputs, quarantine, FHIR jobs "
        "(empty: originals and outputs in the database, the rest under data_dir)",
    ),
    Setting("session_cookie_secure", True, "Send the UI session cookie over HTTPS only"),
    Setting("session_idle_minutes", 30, "A UI session unused this long ends (log in again)"),
    Setting("session_max_hours", 8, "A UI session ends this long after login, used or not"),
    Setting("login_window_minutes", 15, "Sliding window in which failed logins are counted"),
    Setting("login_max_failures_account", 5, "Failed logins per account in the window: locked"),
    Setting("login_max_failures_address", 20, "Failed logins per client address in the window"),
    Setting(
        "workers", 0, "Worker processes of `batch` and `watch` (0: one per core; 1: in-process)"
    ),
    Setting(
        "worker_max_rss_mb",
        1024,
        "A worker whose resident memory passes this after a document is recycled (0: never)",
    ),
    Setting(
        "broker_url",
        "",
        "Celery broker (redis:// or amqp://): ?wait=false jobs go to `classifier worker` "
        "(empty: in-process threads); watched files and webhook deliveries too",
    ),
    Setting(
        "broker_queue",
        "classifier",
        "Celery queue the web node, the watcher and `classifier worker` share on broker_url",
    ),
    Setting("job_workers", 1, "Background workers for `?wait=false` submissions"),
    Setting("webhook_url", "", "Records system URL that processed results are pushed to"),
    Setting("webhook_secret_file", "", "HMAC key for webhook signatures (empty: <keys_dir>)"),
    Setting("webhook_attempts", 5, "Delivery attempts per result before giving up"),
    Setting("webhook_backoff_ms", 1000, "First retry delay; doubled after each failed attempt"),
    Setting(
        "fhir_push_url",
        "",
        "FHIR server base URL results are POSTed to as ITI-65 bundles (signed, retried)",
    ),
    Setting(
        "egress_allow",
        "127.0.0.0/8,::1,localhost",
        "Addresses, CIDR networks and host names the service may connect to or look up",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "CLASSIFIER_"


class Settings(Mapping[str, Any]):
    """Read-only resolved settings; `settings["port"]` or `settings.port`."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


DEFAULTS: Mapping[str, Any] = {s.name: s.default for s in SETTINGS}


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def _where(name: str, origin: str) -> str:
    """The key as the user wrote it: CLASSIFIER_NAME in the environment, else the name."""
    return ENV_PREFIX + name.upper() if origin == "environment" else repr(name)


def _boolean(name: str, value: Any, origin: str) -> bool:
    """Strictly true/false/1/0/yes/no/on/off (any case); anything else stops the start-up."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else ""
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise SettingsError(
        f"{origin}: setting {_where(name, origin)} must be a boolean "
        "(true/false, 1/0, yes/no, on/off)"
    )


def _coerce(name: str, value: Any, origin: str) -> Any:
    default = _BY_NAME[name].default
    if isinstance(default, bool):
        return _boolean(name, value, origin)
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SettingsError(
                f"{origin}: setting {_where(name, origin)} must be an integer"
            ) from None
    return str(value)


def _check_known(keys: Any, origin: str) -> None:
    unknown = sorted(set(keys) - _BY_NAME.keys())
    if unknown:
        raise SettingsError(
            f"{origin}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_BY_NAME))}"
        )


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    settings_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    environ = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    settings_file = settings_file or environ.get(ENV_PREFIX + "SETTINGS")
    if settings_file:
        try:
            data = tomllib.loads(Path(settings_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{settings_file}: cannot read settings: {exc}") from None
        _check_known(data, str(settings_file))
        values.update({k: _coerce(k, v, str(settings_file)) for k, v in data.items()})
    env = {
        k[len(ENV_PREFIX) :].lower(): v
        for k, v in environ.items()
        if k.startswith(ENV_PREFIX) and k != ENV_PREFIX + "SETTINGS"
    }
    _check_known(env, "environment")
    values.update({k: _coerce(k, v, "environment") for k, v in env.items()})
    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        _check_known(given, "overrides")
        values.update({k: _coerce(k, v, "overrides") for k, v in given.items()})
    for name, (base, folder) in UNDER.items():
        values[name] = values[name] or str(Path(values[base]) / folder)
    values["node_id"] = _node_id(values["node_id"], "settings")
    return Settings(values)


def storage_root(settings: Settings) -> Path:
    """Where quarantine and FHIR jobs live (and sealed documents, when set): the folder every
    node sees, `shared_storage`, else `data_dir`."""
    return Path(settings.shared_storage or settings.data_dir)


MULTIPART_ALLOWANCE = 64 * 1024  # form boundaries and headers around an uploaded file


def request_body_limit(settings: Settings) -> int:
    """The largest request body accepted: one document of the largest size, with its form."""
    return int(settings.max_document_bytes) + MULTIPART_ALLOWANCE


def describe_settings() -> str:
    """The settings table, for `classifier settings` and the README."""
    rows = [f"{s.name:<20} {s.default!s:<24} {s.help}" for s in SETTINGS]
    return "\n".join(rows)
