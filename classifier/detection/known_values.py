"""Known values: what a caller already knows identifies the person in a document (a FHIR
Patient's names, birth date, record numbers, phone, address), found wherever it occurs,
together with its common variants, even where detection alone misses it.

The values live in one `KnownValuesDetector`, made for one request and dropped after it:
never stored, never logged (a pattern's repr is not written anywhere).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from classifier.detection.datafiles import data_lines
from classifier.detection.detector import DetectionReport
from classifier.detection.spans import drop_nested
from classifier.document import Finding

RECOGNIZER = "known_value"
SEPARATORS = r"[\s().\-/]*"


@dataclass(frozen=True)
class KnownValue:
    pattern: re.Pattern[str] = field(repr=False)
    entity_type: str
    hint: str = field(default="", repr=False)  # lower case; a text without it cannot match


def phrase(value: str, entity_type: str, case_sensitive: bool = False) -> KnownValue:
    """`value` as whole words, any run of spaces or a line break between its words."""
    words = value.split()
    body = r"\s+".join(re.escape(w) for w in words)
    flags = 0 if case_sensitive else re.IGNORECASE
    hint = words[0].lower() if words else ""
    return KnownValue(re.compile(rf"(?<!\w){body}(?!\w)", flags), entity_type, hint)


def digits(value: str, entity_type: str) -> KnownValue:
    """A number (phone, record number) in any grouping: its digits with separators between."""
    body = SEPARATORS.join(re.sub(r"\D", "", value))
    return KnownValue(re.compile(rf"(?<![\d(])\(?{body}(?!\d)"), entity_type)


@functools.cache
def _nickname_families() -> tuple[frozenset[str], ...]:
    families = []
    for line in data_lines("nicknames.txt"):
        name, _, nicks = line.partition(":")
        families.append(frozenset([name.strip(), *nicks.split()]))
    return tuple(families)


def nicknames(given: str) -> set[str]:
    """Every other name of `given`'s families (William -> Bill, Billy, Will; Bill -> William)."""
    key = given.lower()
    return {n for f in _nickname_families() if key in f for n in f} - {key}


MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def date_variants(iso: str) -> set[str]:
    """A date as people write it: 1961-03-07, 03/07/1961, 3/7/61, 7.3.1961, March 7, 1961,
    7 Mar 1961 ... (a partial FHIR date, year or year-month, gives none)."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return set()
    years = (str(d.year), f"{d.year % 100:02d}")
    pairs = ((str(d.month), str(d.day)), (f"{d.month:02d}", f"{d.day:02d}"))
    found = {iso}
    for sep in "/-.":
        for month, day in pairs:
            found |= {f"{month}{sep}{day}{sep}{year}" for year in years}  # US order
            found.add(f"{day}{sep}{month}{sep}{years[0]}")  # day first
    for name in (MONTHS[d.month - 1], MONTHS[d.month - 1][:3]):
        found |= {
            f"{name} {d.day}, {d.year}",
            f"{name} {d.day} {d.year}",
            f"{d.day} {name} {d.year}",
        }
    return found


class KnownValues:
    def __init__(self, values: Iterable[KnownValue]):
        self.values = tuple(dict.fromkeys(values))

    def __len__(self) -> int:
        return len(self.values)

    def find(self, text: str) -> list[Finding]:
        lowered = text.lower()
        return [
            Finding(m.start(), m.end(), v.entity_type, 1.0, RECOGNIZER)
            for v in self.values
            if v.hint in lowered
            for m in v.pattern.finditer(text)
            if m.end() > m.start()
        ]


class KnownValuesDetector:
    """The site's detector, plus every occurrence of the known values. Made per request
    (`pipeline.replace(detector=KnownValuesDetector(pipeline.detector, values))`)."""

    def __init__(self, detector: Any, known: KnownValues):
        self.detector, self.known = detector, known

    def __getattr__(self, name: str) -> Any:
        return getattr(self.detector, name)

    def report(self, text: str, *args: Any, **kwargs: Any) -> DetectionReport:
        """As `Detector.report` (same arguments), with the known values' findings added."""
        report = self.detector.report(text, *args, **kwargs)
        found = drop_nested([*report.findings, *self.known.find(text)])
        ordered = sorted(found, key=lambda f: (f.start, f.end))
        return DetectionReport(ordered, report.drops, report.packs)
