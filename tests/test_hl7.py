"""detection/hl7.py: HL7 v2 fields redacted by their place in the segment."""

from __future__ import annotations

from classifier.detection.hl7 import hl7_fields

MESSAGE = (
    "MSH|^~\\&|EPIC|MERCY_CHI|LAB|MERCY_CHI|20240311081522||ADT^A01|MSG1|P|2.5.1\n"
    "PID|1||MRN4471902^^^MERCY^MR||RODRIGUEZ^ELENA^MARIA||19670823|F|||"
    "1180 W Belmont Ave^^Chicago^IL^60657||(773)555-0142|||||ACCT88130022|334-81-2297\n"
    "NK1|1|RODRIGUEZ^CARLOS|SPO|||\n"
    "NTE|1||free text is the detectors'\n"
)


def test_listed_fields_are_found_whole() -> None:
    found = [(f.entity_type, MESSAGE[f.start : f.end]) for f in hl7_fields(MESSAGE)]
    assert found == [
        ("LOCATION", "MERCY_CHI"),
        ("LOCATION", "MERCY_CHI"),
        ("DATE_TIME", "20240311081522"),
        ("ID", "MRN4471902^^^MERCY^MR"),
        ("PERSON", "RODRIGUEZ^ELENA^MARIA"),
        ("DATE_TIME", "19670823"),
        ("STREET_ADDRESS", "1180 W Belmont Ave^^Chicago^IL^60657"),
        ("PHONE_NUMBER", "(773)555-0142"),
        ("ID", "ACCT88130022"),
        ("ID", "334-81-2297"),
        ("PERSON", "RODRIGUEZ^CARLOS"),
    ]


def test_a_text_without_an_msh_segment_is_no_message() -> None:
    assert list(hl7_fields("PID|1||12345||DOE^JOHN\n")) == []
