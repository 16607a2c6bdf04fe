"""What every command shares: the service options, the settings they resolve to, and the
process start-up (`classifier.bootstrap`) for the commands that need the pipeline."""

from __future__ import annotations

import argparse
import logging
import os
from typing import TYPE_CHECKING

from classifier.settings import Settings, load_settings

if TYPE_CHECKING:
    from classifier.pipeline import Pipeline


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings with this command's flags on top; logging configured by them."""
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


def pipeline_of(args: argparse.Namespace) -> Pipeline:
    """The pipeline, built once by `bootstrap` (guard, log filter, models)."""
    from classifier.bootstrap import bootstrap

    return bootstrap(settings_of(args)).pipeline


def add_service_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--settings", help="TOML settings file")
    p.add_argument("--policy", help="policy YAML file (default: policies/default.yaml)")
    p.add_argument("--model", help="model directory name under models/ (default: models/ACTIVE)")


def add_settings_option(*parsers: argparse.ArgumentParser) -> None:
    for p in parsers:
        p.add_argument("--settings", help="TOML settings file")


def add_workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes, each loading the models once (default: setting workers; "
        "0: one per core; 1: this process)",
    )


def worker_count(flag: int | None, settings: Settings) -> int:
    """--workers, else the `workers` setting; 0 means one per core."""
    n = settings.workers if flag is None else flag
    return n if n > 0 else os.cpu_count() or 1
