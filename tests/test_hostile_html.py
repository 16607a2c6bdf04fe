"""HTML with values where a text-node reader does not look (meta, alt, title, hidden input,
placeholder, aria-label, data-*, mailto: and tel: links), split over inline elements, in
comments and scripts, and a `>` inside an attribute. Each is extracted; the redacted markup,
read again with the standard library's html.parser (not lxml), holds none of them."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from classifier.document import Result
from classifier.pipeline import Pipeline
from classifier.stages import extract, ingest
from tests.planted import redacted_with

HIDDEN = {
    "meta content": "Margaret Thornton",
    "alt": "Olivia Brandt",
    "title": "Boston General Hospital",
    "hidden input": "536-22-8741",
    "placeholder": "MRN 00482913",
    "aria-label": "Henry Okafor",
    "data attribute": "DOB 1961-04-09",
    "mailto": "margaret.thornton@example.org",
    "tel": "617-555-0142",
    "split over inline elements": "Eleanor Whitfield",
}
NOT_SHOWN = {"comment": "Peter Quill", "script": "secret-token-991"}


def hostile_html() -> bytes:
    h = HIDDEN
    split = h["split over inline elements"]
    return (
        "<!DOCTYPE html><html><head><title>Referral</title>"
        f'<meta name="author" content="{h["meta content"]}">'
        f"<script>var who = '{NOT_SHOWN['script']}';</script></head><body>"
        f'<p title="a > b">Seen by <img src="x.png" alt="{h["alt"]}"> at '
        f'<span title="{h["title"]}">the clinic</span>.</p>'
        f'<form><input type="hidden" name="ssn" value="{h["hidden input"]}">'
        f'<input placeholder="{h["placeholder"]}"></form>'
        f'<button aria-label="{h["aria-label"]}">x</button>'
        f'<div data-patient="{h["data attribute"]}">Chart</div>'
        f'<a href="mailto:{h["mailto"]}">write</a> <a href="tel:{h["tel"]}">call</a>'
        f"<p>Patient <b>{split[:4]}</b>{split[4:]} &amp; family.</p>"
        f"<!-- {NOT_SHOWN['comment']} --></body></html>"
    ).encode()


class _Reader(HTMLParser):
    """Every text node and every attribute value, as the standard library reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.seen.append(value or "")
            self.attributes[name] = value or ""

    def handle_data(self, data: str) -> None:
        self.seen.append(data)

    def handle_comment(self, data: str) -> None:
        self.seen.append(data)


def read_back(markup: bytes) -> _Reader:
    reader = _Reader()
    reader.feed(markup.decode("utf-8"))
    reader.close()
    return reader


@pytest.mark.parametrize("place", sorted(HIDDEN))
def test_every_hiding_place_is_extracted(place: str) -> None:
    text = extract.extract(ingest.ingest_bytes(hostile_html(), "page.html")).text
    assert HIDDEN[place] in text


def test_scripts_and_comments_are_not_read() -> None:
    text = extract.extract(ingest.ingest_bytes(hostile_html(), "page.html")).text
    assert not any(value in text for value in NOT_SHOWN.values())


def test_every_value_is_gone_and_the_markup_is_well_formed() -> None:
    reader = read_back(redacted_with(hostile_html(), "page.html", HIDDEN.values()))
    seen = "\n".join(reader.seen)
    for value in [*HIDDEN.values(), *NOT_SHOWN.values()]:
        assert value not in seen
    assert reader.attributes["title"] == "[X]" and "a > b" in reader.seen  # `>` kept intact
    assert "Patient [X] & family." in "".join(reader.seen)
    assert reader.attributes["href"] == "tel:[X]"


def test_detected_values_are_gone(pipeline: Pipeline) -> None:
    result = pipeline.process_bytes(hostile_html(), "page.html", source="test")
    assert isinstance(result, Result) and result.redacted_content is not None
    text = extract.extract(ingest.ingest_bytes(hostile_html(), "page.html")).text
    detected = {text[f.start : f.end].strip() for f in result.findings}
    assert HIDDEN["mailto"] in detected and HIDDEN["hidden input"] in detected
    seen = "\n".join(read_back(result.redacted_content).seen)
    for value in detected:  # (a value of one or two characters, "x", is in any page by chance)
        assert len(value) < 3 or value not in seen


def test_what_is_not_read_is_not_written(pipeline: Pipeline) -> None:
    """Red team, round 7: inline styles, classes, `data:` content and names encoded in a
    link's query went out unredacted."""
    secret = "Zelda Quorvinsky"
    page = (
        f'<html><body><p style="content: \'{secret}\'" class="zelda-quorvinsky">Patient '
        f'{secret}, SSN 219-09-9999.</p><img src="data:text/plain;base64,WmVsZGE=">'
        '<a href="https://example.org/find?name=Zelda+Quorvinsky&amp;id=219-09-9999">record</a>'
        "</body></html>"
    ).encode()
    result = pipeline.process_bytes(page, "page.html", source="test")
    assert isinstance(result, Result) and result.redacted_content is not None
    out = result.redacted_content.decode()
    for gone in ("Quorvinsky", "quorvinsky", "219-09-9999", "data:", "style="):
        assert gone not in out, gone
    assert "record" in out


@pytest.mark.parametrize("depth", [300, 100_000])
def test_html_nested_too_deep_is_refused_not_cut_short(pipeline: Pipeline, depth: int) -> None:
    """libxml2 stops at 256 levels and drops the rest: the page is quarantined with that
    reason, rather than processed without its end (red team, round 7)."""
    from classifier.document import Quarantined
    from classifier.errors import MarkupTooDeep

    page = ("<html><body>" + "<div>" * depth + "deep" + "</div>" * depth).encode()
    page += b"<p>Patient Zelda Quorvinsky</p></body></html>"
    outcome = pipeline.process_bytes(page, "deep.html", source="test")
    assert isinstance(outcome, Quarantined) and outcome.reason == MarkupTooDeep.reason
