# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py and test_browser.py)
"""Each role's main path in headless Chromium against the real waitress server on 127.0.0.1,
with screenshots ($E2E_SCREENSHOTS, default <tmp>/screenshots) and an accessibility check
of every page with axe-core (npm, `make ui-deps` into tests/ui/node_modules): 0 violations.

clerk (submitter): upload a PDF, follow it in the documents list to its page and history,
download the redacted PDF once released. reviewer: triage, the PDF's pages with boxes drawn
beside the redacted ones, an added span removed again, Block refused without a reason, a lock
held by another reviewer, keyboard shortcuts. auditor: lands on the documents list, filters
the audit trail, sees the verification, exports CSV; a page not theirs is an HTML 403 with
navigation and logout. admin: the operations page."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from classifier.security.access import Principal, create_user
from tests.documents import CLINICAL_NOTE, PLANTED, pdf_bytes
from tests.e2e.test_browser import PASSWORD, browser, server  # noqa: F401
from tests.web_fixtures import review_app, service_of, web_settings  # noqa: F401

AXE = Path(__file__).parents[1] / "ui" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then((r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))))
  .catch((e) => done([{id: "axe-error", nodes: [String(e)]}]));
"""
PAGES_LOADED = """
const pages = [...document.querySelectorAll("#review-pages img")];
return pages.length === 2 && pages.every((i) => i.complete && i.naturalWidth > 0);
"""
USERS = {"clerk": "submitter", "rita": "reviewer", "omar": "reviewer", "audrey": "auditor",
         "ada": "admin"}  # fmt: skip


@pytest.fixture
def site(server: str, review_app: Flask, tmp_path: Path) -> dict[str, Any]:
    """The server's URL, its service, the accounts and the screenshot folder."""
    svc = service_of(review_app)
    for name, role in USERS.items():
        if name != "rita":  # test_browser's server fixture made her
            create_user(svc.store, name, PASSWORD, role)
    shots = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    return {"url": server, "service": svc, "shots": shots}


def login(driver: Any, url: str, user: str) -> None:
    driver.delete_all_cookies()
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.login button").click()
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


def assert_accessible(driver: Any, page: str) -> None:
    assert AXE.exists(), "axe-core is missing: run `make ui-deps`"
    driver.set_script_timeout(60)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(AXE_RUN)
    assert violations == [], (page, violations)


def shoot(driver: Any, site: dict[str, Any], name: str) -> None:
    path = site["shots"] / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 0


def held_pdf(site: dict[str, Any], owner: str = "clerk") -> str:
    """A PDF held for review (the review-all policy), submitted by `owner`."""
    principal = Principal("user", owner, USERS[owner])
    content = pdf_bytes(CLINICAL_NOTE.splitlines())
    submitted = site["service"].submit_bytes(content, "referral.pdf", principal, "ui")
    assert submitted.row.review_state == "pending"
    return str(submitted.row.id)


def downloaded(folder: Path, name: str) -> Path:
    """The file `name` once Chromium has finished writing it into `folder`."""
    path, deadline = folder / name, time.monotonic() + 30
    while not path.exists() or list(folder.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"no download of {name}"
        time.sleep(0.2)
    return path


def wait_for(driver: Any, check: Callable[[Any], Any], seconds: float = 30) -> Any:
    return WebDriverWait(driver, seconds).until(check)


def test_clerk_uploads_follows_and_downloads(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, downloads = browser
    url = site["url"]
    login(driver, url, "clerk")
    pdf = downloads.parent / "letter.pdf"
    pdf.write_bytes(pdf_bytes(CLINICAL_NOTE.splitlines()))
    driver.find_element(By.ID, "file").send_keys(str(pdf))
    wait_for(driver, ec.presence_of_element_located((By.CSS_SELECTOR, ".card .facts")))
    assert "Held for review" in driver.find_element(By.CSS_SELECTOR, ".card .downloads").text
    assert_accessible(driver, "upload")
    shoot(driver, site, "clerk-upload")
    doc_id = driver.find_element(By.CSS_SELECTOR, ".card").get_attribute("data-id")

    driver.get(url + "/documents?q=letter")
    row = wait_for(
        driver, ec.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-id="{doc_id}"]'))
    )
    assert "pending" in row.text and "1 document(s)" in driver.find_element(By.ID, "doc-count").text
    assert_accessible(driver, "documents")
    shoot(driver, site, "clerk-documents")
    row.find_element(By.TAG_NAME, "a").click()
    wait_for(driver, ec.presence_of_element_located((By.ID, "history")))
    events = [
        e.get_attribute("data-event")
        for e in driver.find_elements(By.CSS_SELECTOR, "#history tr[data-event]")
    ]
    assert events[:3] == ["document.received", "document.processed", "document.held"]

    site["service"].decide(doc_id, Principal("user", "rita", "reviewer"), {"decision": "release"})
    driver.refresh()
    assert "released" in driver.find_element(By.ID, "history").text
    assert "user:rita" in driver.find_element(By.ID, "history").text
    assert_accessible(driver, "document")
    shoot(driver, site, "clerk-document")
    driver.find_element(By.CSS_SELECTOR, "a.download-document").click()
    data = downloaded(downloads, "letter.redacted.pdf").read_bytes()
    assert data.startswith(b"%PDF") and all(v.encode() not in data for v in PLANTED)


def test_reviewer_triages_sees_pages_and_decides(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, _ = browser
    url, svc = site["url"], site["service"]
    first, locked = held_pdf(site), held_pdf(site)
    svc.store.lock(locked, "user:omar", 600)  # omar has the second one open
    login(driver, url, "rita")
    driver.get(url + "/review")
    wait = WebDriverWait(driver, 60)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f'#queue tr[data-id="{locked}"]')))
    row = driver.find_element(By.CSS_SELECTOR, f'#queue tr[data-id="{locked}"]')
    assert ".;" not in driver.find_element(By.ID, "queue").text  # one stop between reasons
    assert "open by user:omar" in row.text and "confidence" in row.text
    row.find_element(By.CSS_SELECTOR, "button.open").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "user:omar"))
    assert driver.find_element(By.ID, "review-panel").get_attribute("hidden") is not None

    # keyboard: j opens the next (the first) document
    driver.find_element(By.TAG_NAME, "body").send_keys("j")
    wait.until(ec.visibility_of_element_located((By.ID, "review-panel")))
    wait.until(lambda d: d.execute_script(PAGES_LOADED))
    assert svc.store.locks() == {locked: "user:omar", first: "user:rita"}
    marks = driver.find_elements(By.CSS_SELECTOR, "#review-text mark.ent")
    assert {m.get_attribute("data-entity") for m in marks} >= {"PERSON", "PHONE_NUMBER"}
    after = driver.execute_script(
        "return getComputedStyle(arguments[0], '::after').content", marks[0]
    )
    assert marks[0].get_attribute("data-entity") in after  # the type written beside it
    colours = {
        m.get_attribute("data-entity"): m.value_of_css_property("background-color") for m in marks
    }
    assert len(set(colours.values())) == len(colours)

    # a box dragged over the second line of the original page: drawn, over that text
    page = driver.find_element(By.CSS_SELECTOR, "#review-pages img.page-original")
    shown = page.size["width"] / 1000  # the picture is 1000 pixels wide
    left, top = -page.size["width"] / 2, -page.size["height"] / 2  # offsets from the centre
    x0, y0, x1, y1 = (v * 1000 / 612 * shown for v in (72, 792 - 724 - 10, 250, 792 - 724 + 2))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", page)
    drag = ActionChains(driver).move_to_element_with_offset(page, left + x0, top + y0)
    drag.click_and_hold().move_by_offset(x1 - x0, y1 - y0).release().perform()
    wait.until(ec.text_to_be_present_in_element((By.ID, "review-outcome"), "POSTOPERATIVE"))
    driver.find_element(By.CSS_SELECTOR, "#drawn-boxes button.remove-drawn").click()
    assert not driver.find_elements(By.CSS_SELECTOR, "#review-pages .drawn-box")

    # an added span, typed from the policy's list, then removed again
    types = [
        o.get_attribute("value") for o in Select(driver.find_element(By.ID, "add-type")).options
    ]
    assert "PERSON" in types and "PERSN" not in types
    Select(driver.find_element(By.ID, "add-type")).select_by_value("ID")
    driver.find_element(By.ID, "add-start").send_keys("0")
    driver.find_element(By.ID, "add-end").send_keys("12")
    driver.find_element(By.ID, "add-span").click()
    assert len(driver.find_elements(By.CSS_SELECTOR, '#review-text mark[data-entity="ID"]')) == 1
    driver.find_element(By.CSS_SELECTOR, "#added-spans button.remove-added").click()
    assert not driver.find_elements(By.CSS_SELECTOR, '#review-text mark[data-entity="ID"]')
    assert_accessible(driver, "review")
    shoot(driver, site, "reviewer-pdf")

    driver.find_element(By.ID, "block").click()
    assert "reason" in driver.find_element(By.ID, "review-outcome").text
    driver.find_element(By.ID, "review-text").click()
    driver.find_element(By.ID, "review-text").send_keys("r")  # release by keyboard
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "Released"))
    assert svc.store.document(first).review_state == "released"


def test_auditor_filters_verifies_and_exports(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, downloads = browser
    url = site["url"]
    doc_id = held_pdf(site)
    login(driver, url, "audrey")
    wait_for(driver, ec.presence_of_element_located((By.ID, "documents")))
    assert driver.current_url.endswith("/documents")
    nav = driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Main]").text
    assert "Audit trail" in nav and "Upload" not in nav and "Review queue" not in nav
    driver.find_element(By.LINK_TEXT, "Audit trail").click()
    status = wait_for(driver, ec.presence_of_element_located((By.ID, "audit-status")))
    assert "OK:" in status.text
    driver.find_element(By.ID, "a-event").send_keys("document.held")
    driver.find_element(By.ID, "a-event").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: "event=document.held" in d.current_url)
    rows = driver.find_elements(By.CSS_SELECTOR, "#audit-records tbody tr")
    assert len(rows) == 1 and doc_id[:12] in rows[0].text
    assert_accessible(driver, "audit")
    shoot(driver, site, "auditor-audit")
    driver.find_element(By.ID, "export-csv").click()
    assert doc_id in downloaded(downloads, "audit.csv").read_text(encoding="utf-8")

    driver.get(url + "/review")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Forbidden"
    assert driver.find_element(By.CSS_SELECTOR, "form.logout button").text == "Log out"
    assert_accessible(driver, "403")
    shoot(driver, site, "auditor-forbidden")
    driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
    wait_for(driver, lambda d: "/login" in d.current_url)


def test_admin_sees_operations(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, _ = browser
    held_pdf(site)
    login(driver, site["url"], "ada")
    driver.find_element(By.LINK_TEXT, "Operations").click()
    backlog = wait_for(driver, ec.presence_of_element_located((By.ID, "ops-backlog")))
    assert backlog.text == "1"
    assert "ui" in driver.find_element(By.ID, "ops-held-source").text
    assert_accessible(driver, "operations")
    shoot(driver, site, "admin-operations")
