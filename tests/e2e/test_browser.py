# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""End to end in headless Chromium (Debian's `chromium` + `chromium-driver`, via Selenium)
against the real waitress server on 127.0.0.1: log in, upload, see the highlights, release
from the review queue, download the redacted file. Screenshots go to $E2E_SCREENSHOTS (default
<tmp>/screenshots). Skips with the reason when Chromium, its driver or Selenium is missing."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from classifier.security.access import create_user
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.web_fixtures import review_app, service_of, web_settings  # noqa: F401

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip(
        "Chromium not found: apt-get install -y chromium chromium-driver", allow_module_level=True
    )

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(review_app: Flask) -> Iterator[str]:
    import waitress

    create_user(service_of(review_app).store, "rita", PASSWORD, "reviewer")
    srv = waitress.create_server(review_app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"  # type: ignore[union-attr]
    srv.close()
    thread.join(5)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    service = webdriver.ChromeService(executable_path=DRIVER, log_output=os.devnull)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def test_login_upload_highlight_review_download(server: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    driver, downloads = browser
    shots = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(driver, 60)
    driver.get(server + "/")
    assert "/login" in driver.current_url
    driver.find_element(By.ID, "username").send_keys("rita")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.login button").click()
    wait.until(ec.presence_of_element_located((By.ID, "upload")))

    note = tmp_path / "note.txt"
    note.write_text(CLINICAL_NOTE, encoding="utf-8")
    driver.find_element(By.ID, "file").send_keys(str(note))
    marks = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".card mark.ent")))
    assert {m.get_attribute("data-entity") for m in marks} >= {"PERSON"}
    assert driver.find_elements(By.CSS_SELECTOR, ".card .legend li")
    assert driver.find_element(By.CSS_SELECTOR, ".fact-action").text == "review"
    driver.save_screenshot(str(shots / "upload-result.png"))
    doc_id = driver.find_element(By.CSS_SELECTOR, ".card").get_attribute("data-id")

    driver.get(server + "/review")
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#queue button.open"))).click()
    wait.until(ec.visibility_of_element_located((By.ID, "review-panel")))
    assert driver.find_elements(By.CSS_SELECTOR, "#review-text mark.ent")
    driver.save_screenshot(str(shots / "review.png"))
    driver.find_element(By.ID, "release").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "Released"))

    driver.get(f"{server}/api/v1/documents/{doc_id}/redacted")
    deadline = time.monotonic() + 30
    while not (files := list(downloads.glob("*.redacted.txt"))):
        assert time.monotonic() < deadline, "no download"
        time.sleep(0.2)
    redacted = files[0].read_text(encoding="utf-8")
    assert files[0].name == "note.redacted.txt"
    assert "[PERSON]" in redacted and all(v not in redacted for v in PLANTED)
    assert (shots / "upload-result.png").stat().st_size > 0
