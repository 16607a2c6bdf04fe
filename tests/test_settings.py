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


def test_runtime_folders_default_under_data_dir(tmp_path: Path) -> None:
    s = load_settings(environ={"CLASSIFIER_DATA_DIR": str(tmp_path)})
    assert (s.audit_dir, s.keys_dir) == (str(tmp_path / "audit_logs"), str(tmp_path / "keys"))
    own = load_settings(environ={"CLASSIFIER_AUDIT_DIR": "/srv/audit"}, overrides={"keys_dir": "k"})
    assert (own.audit_dir, own.keys_dir) == ("/srv/audit", "k")


def test_an_installed_package_keeps_state_out_of_site_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import classifier.settings as settings

    assert settings.default_data_dir() == settings.ROOT / "var"  # this checkout
    monkeypatch.setattr(settings, "ROOT", tmp_path / "site-packages")  # no pyproject.toml
    xdg = {"XDG_DATA_HOME": str(tmp_path / "share")}
    assert settings.default_data_dir(xdg) == tmp_path / "share" / "doc-classifier"
    assert settings.default_data_dir({}) == Path.home() / ".local" / "share" / "doc-classifier"


def test_the_shipped_models_and_policies_are_found_through_the_package() -> None:
    s = load_settings(environ={})
    assert Path(s.models_dir, "ACTIVE").is_file()
    assert Path(s.policy).is_file()


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("FALSE", False),
        (" Yes ", True),
        ("no", False),
        ("On", True),
        ("off", False),
        ("1", True),
        ("0", False),
    ],
)
def test_booleans_parse_strictly(raw: str, value: bool) -> None:
    s = load_settings(environ={"CLASSIFIER_SESSION_COOKIE_SECURE": raw})
    assert s.session_cookie_secure is value


@pytest.mark.parametrize("raw", ["ture", "", "2", "enabled", "y"])
def test_a_boolean_that_is_not_one_fails_naming_the_key(raw: str) -> None:
    with pytest.raises(SettingsError, match="CLASSIFIER_SESSION_COOKIE_SECURE must be a boolean"):
        load_settings(environ={"CLASSIFIER_SESSION_COOKIE_SECURE": raw})


def test_a_boolean_in_a_file_or_override_is_strict_too(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text('watch_archive = "maybe"\n')
    with pytest.raises(SettingsError, match="'watch_archive' must be a boolean"):
        load_settings(settings_file=f, environ={})
    f.write_text("watch_archive = false\n")
    assert load_settings(settings_file=f, environ={}).watch_archive is False
    with pytest.raises(SettingsError, match="'session_cookie_secure'"):
        load_settings(overrides={"session_cookie_secure": 2}, environ={})


def test_the_service_does_not_start_with_a_misspelt_boolean() -> None:
    import subprocess
    import sys

    from classifier.settings import ROOT

    proc = subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", "settings"],
        env={"CLASSIFIER_SESSION_COOKIE_SECURE": "ture", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "CLASSIFIER_SESSION_COOKIE_SECURE must be a boolean" in proc.stderr
