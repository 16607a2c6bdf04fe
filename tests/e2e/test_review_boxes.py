# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py and the e2e modules)
"""The review desk in headless Chromium against the real waitress server, with axe-core on
each new view (0 violations) and screenshots ($E2E_SCREENSHOTS):

- assignment: a reviewer assigns held documents (to another reviewer, to herself) from the
  queue, filters it by "me" and "nobody", unassigns; the audit trail has each change.
- page boxes: on a held PDF's page view a reviewer removes a finding's box by keyboard,
  removes and keeps again another with the mouse, draws a missed box over text with the mouse
  and one over an empty area with the keyboard form, and releases; the released PDF's text,
  read again, has the removed value and not the drawn one, and the empty area is painted."""

from __future__ import annotations

import io
from typing import Any

import pypdfium2 as pdfium
from PIL import Image
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from classifier.audit.log import read_records
from classifier.security.access import Principal
from tests.e2e.test_browser import browser, server  # noqa: F401
from tests.e2e.test_roles import assert_accessible, held_pdf, login, shoot, site  # noqa: F401
from tests.test_redact_formats import text_image
from tests.web_fixtures import review_app, service_of, web_settings  # noqa: F401

PHONE, EMAIL = "617-555-0142", "margaret.thornton@example.org"
DRAWN_TEXT = "Laparoscopic appendectomy"  # line 3 of the note, not a finding
SCALE = 1000 / 612  # picture pixels per point (a letter page drawn 1000 pixels wide)
REGION = (60, 650, 120, 60)  # points from the top left: left, top, width, height (empty)
BOXES_LOADED = """
const imgs = [...document.querySelectorAll("#review-pages img")];
return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0)
  && document.querySelectorAll("#review-pages button.box-mark").length >= 3;
"""


def _queue_ids(driver: Any) -> list[str]:
    """The rows' ids, read in one script (the queue may be drawn again meanwhile)."""
    script = 'return [...document.querySelectorAll("#queue tr[data-id]")].map((r) => r.dataset.id)'
    return list(driver.execute_script(script))


def _filter(driver: Any, wait: WebDriverWait, value: str, expected: list[str]) -> None:
    Select(driver.find_element(By.ID, "q-assignee")).select_by_value(value)
    wait.until(lambda d: sorted(_queue_ids(d)) == sorted(expected))


def test_reviewer_assigns_and_filters_the_queue(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, _ = browser
    url, svc = site["url"], site["service"]
    to_omar, to_rita, nobody = held_pdf(site), held_pdf(site), held_pdf(site)
    login(driver, url, "rita")
    driver.get(url + "/review")
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: len(_queue_ids(d)) == 3)
    for doc_id, who, words in ((to_omar, "user:omar", "assigned to omar"),
                               (to_rita, "user:rita", "assigned to rita")):  # fmt: skip
        choice = driver.find_element(By.CSS_SELECTOR, f'select.assignee[data-id="{doc_id}"]')
        Select(choice).select_by_value(who)
        wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), words))
    chosen = driver.find_element(By.CSS_SELECTOR, f'select.assignee[data-id="{to_omar}"]')
    assert Select(chosen).first_selected_option.get_attribute("value") == "user:omar"
    assert_accessible(driver, "review queue with assignment")
    shoot(driver, site, "reviewer-queue")

    _filter(driver, wait, "mine", [to_rita])
    _filter(driver, wait, "unassigned", [nobody])
    _filter(driver, wait, "user:omar", [to_omar])
    _filter(driver, wait, "", [to_omar, to_rita, nobody])
    choice = driver.find_element(By.CSS_SELECTOR, f'select.assignee[data-id="{to_omar}"]')
    Select(choice).select_by_value("")  # nobody: unassigned
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "unassigned"))
    _filter(driver, wait, "unassigned", [to_omar, nobody])

    events = [
        (r["event"], r["document_id"], r.get("assignee"), r["actor"])
        for r in read_records(svc.settings.audit_dir)
        if r["event"] in ("review.assigned", "review.unassigned")
    ]
    assert events == [
        ("review.assigned", to_omar, "user:omar", "user:rita"),
        ("review.assigned", to_rita, "user:rita", "user:rita"),
        ("review.unassigned", to_omar, None, "user:rita"),
    ]


def _box_of(driver: Any, value: str) -> Any:
    """The page's box button of the finding whose text is `value`."""
    for item in driver.find_elements(By.CSS_SELECTOR, "#review-findings input.remove"):
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{item.get_attribute("id")}"]')
        if value in label.text:
            finding = item.get_attribute("id").removeprefix("remove-")
            return driver.find_element(
                By.CSS_SELECTOR, f'#review-pages button.box-mark[data-finding="{finding}"]'
            )
    raise AssertionError(f"no finding {value}")


def _drag_over_line(driver: Any, index: int) -> None:
    """Drag a box over line `index` of the note on the original page, with the mouse."""
    page = driver.find_element(By.CSS_SELECTOR, "#review-pages img.page-original")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", page)
    shown = page.size["width"] / 1000
    baseline = 740 - 16 * index
    x0, y0, x1, y1 = (v * SCALE * shown for v in (72, 792 - baseline - 10, 450, 792 - baseline + 2))
    left, top = -page.size["width"] / 2, -page.size["height"] / 2  # offsets from the centre
    drag = ActionChains(driver).move_to_element_with_offset(page, left + x0, top + y0)
    drag.click_and_hold().move_by_offset(x1 - x0, y1 - y0).release().perform()


def _draw_with_keys(driver: Any, region: tuple[int, int, int, int] = REGION) -> None:
    """The keyboard path: the form in page units, then Enter on "Add box"."""
    Select(driver.find_element(By.ID, "draw-type")).select_by_value("PERSON")
    for field, value in zip(("draw-x", "draw-y", "draw-w", "draw-h"), region, strict=True):
        driver.find_element(By.ID, field).send_keys(str(value))
    driver.find_element(By.ID, "draw-add").send_keys(Keys.ENTER)


def test_reviewer_removes_and_draws_boxes_then_releases(site, browser) -> None:  # type: ignore[no-untyped-def]
    driver, _ = browser
    url, svc = site["url"], site["service"]
    doc_id = held_pdf(site)
    login(driver, url, "rita")
    driver.get(f"{url}/review#{doc_id}")
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: d.execute_script(BOXES_LOADED))

    phone = _box_of(driver, PHONE)
    phone.send_keys(Keys.ENTER)  # keyboard: remove
    assert phone.get_attribute("aria-pressed") == "true"
    checkbox = f"remove-{phone.get_attribute('data-finding')}"
    assert driver.find_element(By.ID, checkbox).is_selected()  # the same state as the list
    email = _box_of(driver, EMAIL)
    email.click()  # mouse: remove, then keep again
    assert email.get_attribute("aria-pressed") == "true"
    email.click()
    assert email.get_attribute("aria-pressed") == "false"

    Select(driver.find_element(By.ID, "draw-type")).select_by_value("ID")
    _drag_over_line(driver, 2)
    wait.until(ec.text_to_be_present_in_element((By.ID, "review-outcome"), DRAWN_TEXT))
    _draw_with_keys(driver)
    wait.until(ec.text_to_be_present_in_element((By.ID, "review-outcome"), "painted over"))
    drawn = driver.find_elements(By.CSS_SELECTOR, "#drawn-boxes button.remove-drawn")
    assert len(drawn) == 2 and "a painted region" in drawn[1].text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#review-pages .drawn-box")) == 2
    assert_accessible(driver, "page view with boxes")
    page = driver.find_element(By.CSS_SELECTOR, "#review-pages")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", page)
    shoot(driver, site, "reviewer-boxes")

    driver.find_element(By.ID, "review-text").send_keys("r")  # release by keyboard
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "Released"))
    content, media_type, _ = svc.redacted_file(doc_id, Principal("user", "rita", "reviewer"))
    assert media_type == "application/pdf"
    text, picture = _read_pdf(content)
    assert PHONE in text and EMAIL not in text and "Margaret Thornton" not in text
    assert DRAWN_TEXT not in text and "DESCRIPTION OF PROCEDURE" in text
    x, y, w, h = REGION
    assert picture.crop((x + 2, y + 2, x + w - 2, y + h - 2)).getextrema()[1] < 60
    (decided,) = [r for r in read_records(svc.settings.audit_dir) if r["event"] == "review.decided"]
    assert decided["boxes_drawn"] == 2 and decided["regions_drawn"] == 1
    assert decided["spans_removed"] == 1 and decided["actor"] == "user:rita"


def _read_pdf(content: bytes) -> tuple[str, Any]:
    """The PDF's text read again, and its first page drawn at one pixel per point (greyscale)."""
    pdf = pdfium.PdfDocument(io.BytesIO(content))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        picture = pdf[0].render(scale=1).to_pil().convert("L")
    finally:
        pdf.close()
    return text, picture


def test_reviewer_draws_on_an_image_page(site, browser) -> None:  # type: ignore[no-untyped-def]
    """An image's page: the form is in pixels; a region entered with the keyboard is painted
    in the released image, a word's box removed stays legible."""
    driver, _ = browser
    url, svc = site["url"], site["service"]
    buf = io.BytesIO()
    text_image(["Referral for Margaret Thornton", "phone 617-555-0142", ""], (1400, 290)).save(
        buf, format="PNG"
    )
    principal = Principal("user", "clerk", "submitter")
    doc_id = svc.submit_bytes(buf.getvalue(), "scan.png", principal, "ui").row.id
    login(driver, url, "rita")
    driver.get(f"{url}/review#{doc_id}")
    wait = WebDriverWait(driver, 120)
    wait.until(lambda d: d.execute_script(BOXES_LOADED.replace(">= 3", ">= 2")))
    assert "In pixels" in driver.find_element(By.ID, "draw-units").text
    _box_of(driver, PHONE).send_keys(Keys.ENTER)
    _draw_with_keys(driver, (100, 190, 400, 80))
    wait.until(ec.text_to_be_present_in_element((By.ID, "review-outcome"), "painted over"))
    assert_accessible(driver, "image page view with boxes")
    driver.find_element(By.ID, "review-text").send_keys("r")
    wait.until(ec.text_to_be_present_in_element((By.ID, "queue-status"), "Released"))
    content, media_type, _ = svc.redacted_file(doc_id, Principal("user", "rita", "reviewer"))
    picture = Image.open(io.BytesIO(content)).convert("L")
    assert media_type == "image/png"
    assert picture.crop((104, 194, 496, 266)).getextrema()[1] < 30  # the region, painted
    low, high = picture.crop((170, 118, 400, 140)).getextrema()  # the phone's digits
    assert low < 100 and high > 200  # the removed box: legible, not painted over
