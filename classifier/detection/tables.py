"""Tables and records: a value is personal data by the column or the key it sits under.

Exports put the label of a value in a header row ("first_name,last_name,email" over rows of
values) or in a key (`"nickname": "Ploy"`, `<Nombre>...</Nombre>`), not next to the value, so
neither the labelled recognizers nor the tagger see it. Three rules, after propagation:

  - a delimited table (three or more lines in a row with the same number, at least one, of
    `,` `;` tab or `|` outside quotes; a blank line ends it, a markdown rule line is skipped):
    a column whose header names personal data (data/personal_columns.txt, not
    data/not_personal_columns.txt) is redacted cell by cell; so is a column in which most
    cells (COLUMN_SHARE, of three or more) are found already: the rest of that column is the
    same kind of value;
  - a JSON or XML value under such a key, written on one line;
  - an HL7 v2 field by its place in its segment (detection/hl7.py).
A table's header is short cells (HEADER_CELL_CHARS, HEADER_CELL_WORDS) without a sentence's
end; a table of commas has three columns or more (prose lines with one comma each are not a
table).

Cells and values are redacted whole, numbers included: over-redaction is the safe side."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from classifier.detection.datafiles import data_lines
from classifier.detection.hl7 import hl7_fields
from classifier.document import Finding

NAME = "table_column"
SCORE = 0.8
SURE = 0.5  # a finding this sure holds its characters already
COLUMN_SHARE = 0.6  # of a column's cells found already: the rest of it too
MIN_ROWS = 3  # lines of a table, its header included
DELIMITERS = (",", ";", "\t", "|")
MIN_COMMAS = 2
HEADER_CELL_CHARS = 32
HEADER_CELL_WORDS = 4
MAX_LINE = 2000  # longer lines are not table rows (a text without line breaks)
_RULE_LINE = re.compile(r"[ \t|:+]*-[-\s|:+]*")  # a markdown table's rule line
NUMBER_WORDS = frozenset({"id", "no", "nr", "number", "num", "code", "ref", "key"})
_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
KEYED = [
    re.compile(r'"(?P<key>[A-Za-z_][\w -]{0,40})"[ \t]*:[ \t]*"(?P<value>[^"\n]{1,200})"'),
    re.compile(
        r"<(?P<key>[A-Za-z_][\w.-]{0,40})(?:[ \t][^>\n]*)?>(?P<value>[^<>\n]{1,200})</(?P=key)>"
    ),
]


@functools.cache
def _vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    personal = {}
    for line in data_lines("personal_columns.txt"):
        entity, word = line.split()
        personal[word] = entity
    return personal, frozenset(data_lines("not_personal_columns.txt"))


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _CAMEL.sub(" ", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def header_entity(header: str) -> str | None:
    """The entity type of the values under `header`, or None when it names no personal data."""
    personal, not_personal = _vocabulary()
    words = _WORDS.findall(_folded(header))
    if not words or len(words) > 6 or any(w in not_personal for w in words):
        return None
    found = [personal[w] for w in words if w in personal]
    entity = personal.get("".join(words)) or (found[-1] if found else None)
    if entity == "PERSON" and any(w in NUMBER_WORDS for w in words):
        return "ID"  # "customer_id", "Patient No."
    return entity


def _cells(line: str, at: int, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a line starting at `at`, quotes respected, trimmed of
    blanks and quotes."""
    cells, start, quoted = [], 0, False
    for i, c in enumerate(line):
        if c == '"':
            quoted = not quoted
        elif c == delimiter and not quoted:
            cells.append((start, i))
            start = i + 1
    cells.append((start, len(line)))
    out = []
    for s, e in cells:
        while s < e and line[s] in ' \t"':
            s += 1
        while e > s and line[e - 1] in ' \t"\r':
            e -= 1
        out.append((at + s, at + e))
    return out


def _count(line: str, delimiter: str) -> int:
    """The delimiters of a line outside quotes."""
    if '"' not in line:
        return line.count(delimiter)
    return len(_cells(line, 0, delimiter)) - 1


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def tables(text: str) -> Iterator[list[list[tuple[int, int]]]]:
    """The delimited tables of `text`: rows of cells (start, end), the header row first. Each
    line's delimiters are counted once and the runs of equal counts found from the end, so a
    long text is read in linear time (100,000 lines of one comma each are no table, quickly)."""
    lines = [(at, line) for at, line in _lines(text) if not _RULE_LINE.fullmatch(line)]
    runs = {d: _runs(lines, d) for d in DELIMITERS}
    i = 0
    while i < len(lines):
        length, delimiter = max((runs[d][i], d) for d in DELIMITERS)
        if length < MIN_ROWS:
            i += 1
            continue
        rows = [_cells(line, at, delimiter) for at, line in lines[i : i + length]]
        if _a_header(text, rows[0]):
            yield rows
        i += length


def _runs(lines: list[tuple[int, str]], delimiter: str) -> list[int]:
    """For each line, how many lines from it on have its number of `delimiter` (0 where that
    number is too few for a table)."""
    least = MIN_COMMAS if delimiter == "," else 1
    counts = [_count(line, delimiter) if len(line) <= MAX_LINE else 0 for _, line in lines]
    runs = [0] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        if counts[k] >= least:
            same = k + 1 < len(lines) and counts[k + 1] == counts[k]
            runs[k] = 1 + (runs[k + 1] if same else 0)
    return runs


def _a_header(text: str, cells: list[tuple[int, int]]) -> bool:
    values = [text[s:e] for s, e in cells]
    return (
        all(
            len(v) <= HEADER_CELL_CHARS
            and len(v.split()) <= HEADER_CELL_WORDS
            and not v.endswith(".")
            for v in values
        )
        and sum(any(c.isalpha() for c in v) for v in values) >= 2
    )


def _covered(cell: tuple[int, int], held: list[bool]) -> bool:
    start, end = cell
    return end > start and 2 * sum(held[start:end]) >= end - start


def table_columns(text: str, findings: list[Finding]) -> list[Finding]:
    """`findings` and the cells of personal columns and the values of personal keys."""
    if "\n" not in text and '"' not in text and "<" not in text:
        return findings
    held = [False] * len(text)
    for f in findings:
        if f.score >= SURE:  # a weak guess (score 0.05) is below any policy's threshold
            held[f.start : f.end] = [True] * (f.end - f.start)
    added = [*_column_findings(text, findings, held), *_keyed_findings(text), *hl7_fields(text)]
    return findings + [f for f in added if not all(held[f.start : f.end])]


def _column_findings(text: str, findings: list[Finding], held: list[bool]) -> Iterator[Finding]:
    for rows in tables(text):
        header, body = rows[0], rows[1:]
        for col in range(len(header)):
            cells = [row[col] for row in body if col < len(row) and row[col][1] > row[col][0]]
            entity = header_entity(text[header[col][0] : header[col][1]])
            if entity is None and len(cells) >= MIN_ROWS - 1:
                entity = _majority(text, findings, cells, held)
            for start, end in cells if entity else []:
                yield Finding(start, end, entity or "", SCORE, NAME)


def _majority(
    text: str, findings: list[Finding], cells: list[tuple[int, int]], held: list[bool]
) -> str | None:
    found = [c for c in cells if _covered(c, held)]
    if len(found) < COLUMN_SHARE * len(cells) or len(found) == len(cells):
        return None
    types = Counter(
        f.entity_type
        for f in findings
        for s, e in found
        if f.start < e and s < f.end and f.score >= SURE
    )
    return types.most_common(1)[0][0] if types else None


def _keyed_findings(text: str) -> Iterator[Finding]:
    for pattern in KEYED:
        for m in pattern.finditer(text):
            entity = header_entity(m["key"])
            value = m["value"].strip()
            if entity and value and any(c.isalnum() for c in value):
                start = m.start("value") + m["value"].index(value)
                yield Finding(start, start + len(value), entity, SCORE, NAME)
