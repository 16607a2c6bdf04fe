"""A long text without line breaks: values across every window edge are found whole, at their
exact offsets."""

from __future__ import annotations

from classifier.detection.analyzer import WINDOW_CHARS, windows
from classifier.stages.detect import Detector

LENGTH = 300_000
FILLER = "the report was filed and the meeting went well "
NAMES = ["Margaret Thornton", "Radu Crosson", "Alice Jones", "Toshimi Arata", "Ines Okafor"]


def _put(text: str, start: int, value: str) -> str:
    """`value` written over `text` at `start`, the pieces of words it cut blanked."""
    end = start + len(value)
    left, right = text.rindex(" ", 0, start) + 1, text.index(" ", end)
    return text[:left] + " " * (start - left) + value + " " * (right - end) + text[right:]


def _long_text() -> tuple[str, list[tuple[int, int, str]]]:
    """The text, and (start, end, type) of each planted value: a name across each window's end
    (the window is cut at the blank inside it), an SSN across the next window's start."""
    text = (FILLER * (LENGTH // len(FILLER) + 1))[:LENGTH]
    planted = []
    k = 0
    while k < len(windows(text)) - 1:
        limit = windows(text)[k][0] + WINDOW_CHARS
        name = NAMES[k % len(NAMES)]
        at = limit - 3 - name.index(" ")  # its blank is the last one before the limit
        text = _put(text, at - 9, f" patient {name} was seen ")
        planted.append((at, at + len(name), "PERSON"))
        next_start = windows(text)[k + 1][0]
        ssn = f"{201 + k:03d}-{11 + k:02d}-{3001 + k:04d}"
        at = next_start - 5
        text = _put(text, at - 6, f" SSN: {ssn} ")
        planted.append((at, at + len(ssn), "US_SSN"))
        k += 1
    return text, planted


def test_values_across_window_edges_are_whole_at_exact_offsets(detector: Detector) -> None:
    text, planted = _long_text()
    assert len(text) == LENGTH and "\n" not in text
    edges = [e for s, e in windows(text)[:-1]] + [s for s, _ in windows(text)[1:]]
    assert all(any(s < edge < e for s, e, _ in planted) for edge in edges)  # all straddled
    found = {(f.start, f.end, f.entity_type) for f in detector.detect(text, 0.4)}
    assert [p for p in planted if p not in found] == []
    assert all(text[s:e].strip() == text[s:e] for s, e, _ in found)


def test_a_finding_cut_by_an_edge_becomes_the_union_of_its_pieces() -> None:
    from classifier.detection.spans import stitched
    from classifier.document import Finding

    text = "x" * 10 + " Margaret Thornton " + "y" * 10
    cut_end = text.index("Thornton") + 3  # window 1 ends inside the surname
    first = (0, cut_end, [Finding(11, cut_end, "PERSON", 0.9, "t")])  # "Margaret Tho"
    second = (12, len(text), [Finding(12, 28, "PERSON", 0.95, "t")])  # "argaret Thornton"
    other = Finding(0, 10, "ORGANIZATION", 0.5, "t")  # no edge: as it is
    found = stitched(text, [first, (12, len(text), [*second[2], other])])
    (org, name) = sorted(found, key=lambda f: f.entity_type)
    assert text[name.start : name.end] == "Margaret Thornton" and name.score == 0.95
    assert org == other


EMAIL = "ann.lee{k}@example.org"
# (edge, where the value goes relative to it): S is the start of window k+1 (inside window k),
# E the end window k was cut at (after its last blank)
EDGE_CASES = [
    ("S", lambda n: 0),  # starts exactly at the next window's start
    ("S", lambda n: -n),  # ends exactly there: whole in window k only
    ("S", lambda n: -1),  # one character before it, the rest after
    ("S", lambda n: 1 - n),  # one character after it
    ("E", lambda n: -1 - n),  # ends just before the cut's blank, the last word of window k
    ("E", lambda n: 0),  # starts exactly at the cut: the first word window k does not hold
]


def _edge_text() -> tuple[str, list[tuple[int, int, str]]]:
    """One case of EDGE_CASES at each window boundary, placed and then checked against the
    windows of the text as it finally is."""
    text = (FILLER * (len(EDGE_CASES) * WINDOW_CHARS // len(FILLER) + 10))[
        : len(EDGE_CASES) * WINDOW_CHARS
    ]
    planted = []
    for k, (edge, where) in enumerate(EDGE_CASES):
        value = EMAIL.format(k=k)
        edge_at = windows(text)[k + 1][0] if edge == "S" else windows(text)[k][1]
        at = edge_at + where(len(value))
        text = _put(text, at, value)
        planted.append((at, at + len(value), "EMAIL_ADDRESS"))
    for k, (edge, where) in enumerate(EDGE_CASES):  # the windows still fall where planned
        edge_at = windows(text)[k + 1][0] if edge == "S" else windows(text)[k][1]
        assert planted[k][0] - edge_at == where(planted[k][1] - planted[k][0]), k
    return text, planted


def test_values_placed_exactly_at_window_edges(detector: Detector) -> None:
    text, planted = _edge_text()
    found = [(f.start, f.end, f.entity_type) for f in detector.detect(text, 0.4)]
    assert [p for p in planted if p not in found] == []
    pieces = [
        f for f in found if f not in planted and any(s < f[1] and f[0] < e for s, e, _ in planted)
    ]
    assert pieces == []  # no cut copy of a value beside the whole one
