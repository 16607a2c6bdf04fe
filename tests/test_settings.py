from __future__ import annotations

from pathlib import Path

import pytest

from classifier.errors import SettingsError
from classifier.settings import SETTINGS, describe_settings, load_settings


def test_defaults() -> None:
    s = load_settings(environ={})
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert s["policy"].endswith("policies/default.yaml")


def test_priority_file_env_override(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text('port = 9000\nhost = "0.0.0.0"\n')
    s = load_settings(
        settings_file=f, environ={"CLASSIFIER_PORT": "9100"}, overrides={"host": "::1"}
    )
    assert (s.host, s.port) == ("::1", 9100)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"environ": {"CLASSIFIER_PROT": "1"}},
        {"overrides": {"colour": "red"}},
        {"environ": {"CLASSIFIER_PORT": "eighty"}},
    ],
)
def test_unknown_or_malformed_settings_fail(kwargs: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(SettingsError):
        load_settings(**{"environ": {}, **kwargs})


def test_unknown_key_in_file_fails(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("prot = 1\n")
    with pytest.raises(SettingsError, match="prot"):
        load_settings(settings_file=f, environ={})


def test_every_setting_is_documented() -> None:
    table = describe_settings()
    assert all(s.name in table and s.help for s in SETTINGS)
