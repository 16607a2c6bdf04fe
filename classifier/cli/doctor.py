"""`classifier doctor`: is this installation safe to serve? One line per check.

    egress  the guard is installed in this process, refuses a probe, offline flags are set
    model   every model directory with a manifest matches it; the configured one exists
    policy  the configured policy, and every policy beside it, validates
    audit   the audit trail verifies (chain, HMACs, checkpoints: classifier.audit.verify)
    ocr     tesseract is on PATH (a warning only: the pipeline has no OCR stage yet, so a
            scanned document is quarantined as "no text extracted" either way)
    cookies `session_cookie_secure` on while `classifier serve` (plain HTTP) listens beyond
            this machine: browsers refuse the session cookie, UI logins fail (a warning)
    watch   the watched folder, when `watch_dir` is set, exists and is writable

A failed check makes `classifier doctor` exit 1; a warning does not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from classifier.cli.options import add_service_options, settings_of
from classifier.errors import ClassifierError
from classifier.security import egress
from classifier.security.offline import OFFLINE_ENVIRONMENT
from classifier.settings import Settings

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


def check_egress(settings: Settings) -> Check:
    if not egress.is_active():
        return Check("egress", FAIL, "guard not installed in this process")
    problem = egress.probe()
    if problem:
        return Check("egress", FAIL, problem)
    unset = sorted(k for k, v in OFFLINE_ENVIRONMENT.items() if os.environ.get(k) != v)
    if unset:
        return Check("egress", FAIL, f"offline flags not set: {', '.join(unset)}")
    return Check(
        "egress",
        OK,
        f"guard active, allow {egress.allowlist().text}; probe to 192.0.2.1:9 refused; "
        f"{len(OFFLINE_ENVIRONMENT)} offline flags set",
    )


def check_models(settings: Settings) -> Check:
    from classifier.ml.text_classifier import MANIFEST, resolve_model_dir, verify_model_dir

    try:
        active = resolve_model_dir(settings.models_dir, settings.model)
    except ClassifierError as exc:
        return Check("model", FAIL, str(exc))
    found = []
    for model_dir in sorted(Path(settings.models_dir).iterdir()):
        if not (model_dir / MANIFEST).is_file():
            continue
        try:
            manifest = verify_model_dir(model_dir)
        except ClassifierError as exc:
            return Check("model", FAIL, str(exc))
        mark = " (active)" if model_dir.resolve() == active.resolve() else ""
        mark = " (PHI tagger)" if model_dir.name == settings.phi_tagger else mark
        found.append(
            f"{model_dir.name}{mark} v{manifest['version']}: "
            f"{len(manifest['files'])} files match the manifest"
        )
    return Check("model", OK, "; ".join(found))


def check_policies(settings: Settings) -> Check:
    from classifier.policy.rules import load_policy

    configured = Path(settings.policy)
    others = sorted(configured.parent.glob("*.y*ml")) if configured.parent.is_dir() else []
    names = []
    for path in [configured, *(p for p in others if p.resolve() != configured.resolve())]:
        try:
            policy = load_policy(path)
        except ClassifierError as exc:
            return Check("policy", FAIL, str(exc))
        mark = " (active)" if path == configured else ""
        names.append(f"{path.name}{mark} {policy.version}, {len(policy.rules)} rules")
    return Check("policy", OK, "; ".join(names) + ": valid")


def check_audit(settings: Settings) -> Check:
    """The audit trail's own verifier: chain, HMACs, signed checkpoints."""
    from classifier.audit.keys import load_keys
    from classifier.audit.log import key_dir_for
    from classifier.audit.verify import verify

    directory = Path(settings.audit_dir)
    if not any(directory.glob("audit-*.jsonl")):
        return Check("audit", OK, f"{directory}: no trail yet")
    try:
        keys = load_keys(key_dir_for(settings))
    except ClassifierError as exc:
        return Check("audit", FAIL, str(exc))
    report = verify(directory, keys, settings.audit_checkpoint_every)
    if report.ok:
        return Check("audit", OK, report.summary())
    torn_only = all(p.kind == "torn" for p in report.problems)  # crash residue, recorded
    return Check("audit", WARN if torn_only else FAIL, f"{report.problems[0]}; {report.summary()}")


def check_ocr(settings: Settings) -> Check:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return Check(
            "ocr",
            WARN,
            "tesseract not on PATH: scanned documents are quarantined (no text extracted)",
        )
    try:
        out = subprocess.run(
            [tesseract, "--version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("ocr", WARN, f"{tesseract} does not run: {type(exc).__name__}")
    first = (out.stdout or out.stderr).splitlines()[:1]
    return Check("ocr", OK, f"{tesseract}: {first[0] if first else 'found'}")


def check_watch(settings: Settings) -> Check:
    root = Path(settings.watch_dir)
    if not root.is_dir():
        return Check("watch", FAIL, f"{root}: watch_dir does not exist")
    if not os.access(root, os.W_OK | os.X_OK):
        return Check("watch", FAIL, f"{root}: not writable")
    inbox = root / "inbox"
    waiting = sum(1 for _ in inbox.rglob("*")) if inbox.is_dir() else 0
    return Check("watch", OK, f"{root}: writable, {waiting} entries in inbox/")


def check_cookies(settings: Settings) -> Check:
    from classifier.security.sessions import COOKIE_ADVICE, is_loopback_host

    where = f"{settings.host}:{settings.port}"
    if not settings.session_cookie_secure:
        return Check("cookies", OK, f"session cookie also sent over plain HTTP on {where}")
    if is_loopback_host(settings.host):
        return Check("cookies", OK, f"secure session cookie; {where} is reached on this machine")
    return Check(
        "cookies",
        WARN,
        f"`classifier serve` answers plain HTTP on {where} but session_cookie_secure is on: "
        f"browsers refuse the session cookie over HTTP and UI logins fail; {COOKIE_ADVICE}",
    )


CHECKS: tuple[Callable[[Settings], Check], ...] = (
    check_egress,
    check_models,
    check_policies,
    check_audit,
    check_ocr,
    check_cookies,
)


def run_checks(settings: Settings) -> list[Check]:
    checks = list(CHECKS) + ([check_watch] if settings.watch_dir else [])
    results = []
    for check in checks:
        try:
            results.append(check(settings))
        except Exception as exc:  # a crashing check is a failed check, reported as such
            name = check.__name__.removeprefix("check_")
            results.append(Check(name, FAIL, f"check crashed: {type(exc).__name__}: {exc}"))
    return results


def report(results: list[Check], as_json: bool = False) -> str:
    if as_json:
        return json.dumps([asdict(r) for r in results], indent=2)
    lines = [f"{r.status:<5} {r.name:<7} {r.detail}" for r in results]
    counts = {s: sum(r.status == s for r in results) for s in (OK, WARN, FAIL)}
    lines.append(f"doctor: {counts[OK]} ok, {counts[WARN]} warning(s), {counts[FAIL]} failed")
    return "\n".join(lines)


def exit_code(results: list[Check]) -> int:
    return 1 if any(r.status == FAIL for r in results) else 0


def run(args: argparse.Namespace) -> int:
    results = run_checks(settings_of(args))
    print(report(results, as_json=args.json))
    return exit_code(results)


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="check egress guard, models, policies, audit trail, OCR")
    p.add_argument("--json", action="store_true", help="one JSON object per check")
    add_service_options(p)
    p.set_defaults(handler=run)
