"""A token of six digits in a row or more, letters and dashes allowed ("079192004518",
"ACCT88130022", "7707150842087"), with no label and no shape a recognizer knows: an identifier
of a kind no list names. On the probes' tune halves and everyday-tune 632 such tokens were
annotated values and 45 were not (a system's message ids, a company's VAT number, a receipt
number); none is in the PhysioNet tune notes. Not an amount ("1234567.50", "1,234,567"), nor
part of a path or a date written with separators. The safety net under the labelled and
validated recognizers."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer


class LongNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "ID"
    PATTERNS = [
        Pattern(
            "six digits in a row or more",
            r"(?<![\w.,/:-])(?=[A-Za-z0-9-]*\d{6})[A-Za-z0-9][A-Za-z0-9-]{5,29}"
            r"(?![\w/:-]|[.,]\d)",
            0.5,
        )
    ]
    CONTEXT = []
