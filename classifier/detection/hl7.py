"""HL7 v2 messages (ADT, ORM, ORU, SIU ...): the fields of data/hl7_fields.txt are personal
data by their place in the segment, whatever the detectors make of "RODRIGUEZ^ELENA^MARIA",
"MP00883471^^^NETCARE^MR" or "19670823". A message is a text with an MSH segment; each listed
field of each segment line is redacted whole (its components and repetitions), empty fields
skipped. Free text (NTE, OBX values) is left to the detectors."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from classifier.detection.datafiles import data_lines
from classifier.document import Finding

NAME = "hl7_field"
SCORE = 0.85
_SEGMENT = re.compile(r"(?m)^(?P<name>[A-Z][A-Z0-9]{2})\|(?P<rest>[^\r\n]*)")
_MESSAGE = re.compile(r"(?m)^MSH\|")


@functools.cache
def field_types() -> dict[str, dict[int, str]]:
    """Per segment, the entity type of each listed field."""
    out: dict[str, dict[int, str]] = {}
    for line in data_lines("hl7_fields.txt"):
        segment, *groups = line.split()
        for group in groups:
            entity, numbers = group.split(":")
            for n in numbers.split(","):
                out.setdefault(segment, {})[int(n)] = entity
    return out


def hl7_fields(text: str) -> Iterator[Finding]:
    """A finding per non-empty listed field of every segment of the HL7 messages in `text`."""
    if _MESSAGE.search(text) is None:
        return
    types = field_types()
    for m in _SEGMENT.finditer(text):
        wanted = types.get(m["name"])
        if not wanted:
            continue
        first = 2 if m["name"] == "MSH" else 1  # MSH-1 is the separator itself
        at = m.start("rest")
        for n, value in enumerate(m["rest"].split("|"), first):
            entity = wanted.get(n)
            if entity and value.strip("^~& "):
                start = at + len(value) - len(value.lstrip("^~ "))
                end = at + len(value.rstrip("^~ "))
                yield Finding(start, end, entity, SCORE, NAME)
            at += len(value) + 1
