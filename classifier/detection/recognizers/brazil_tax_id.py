"""Brazilian taxpayer numbers: the CPF of people ("123.456.789-09") and the CNPJ of companies
("11.222.333/0001-81"), punctuated as written; both end in two mod-11 check digits, which are
validated."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _check(digits: list[int], weights: tuple[int, ...] | range) -> int:
    rest = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if rest < 2 else 11 - rest


def check_digits_ok(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    if len(set(digits)) == 1:  # 000.000.000-00 and the like
        return False
    if len(digits) == 11:
        body = digits[:9]
        for n in (10, 11):
            body.append(_check(body, range(n, 1, -1)))
    else:
        body = digits[:12]
        for start in (1, 0):
            body.append(_check(body, CNPJ_WEIGHTS[start:]))
    return body == digits


class BrazilTaxIdRecognizer(DeclarativeRecognizer):
    ENTITY = "TAX_ID"
    PATTERNS = [
        Pattern("cpf", r"(?<![\w./-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w./-])", 0.5),
        Pattern("cnpj", r"(?<![\w./-])\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?![\w./-])", 0.5),
    ]
    CONTEXT = ["cpf", "cnpj", "contribuinte", "inscrição", "inscricao"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return check_digits_ok(pattern_text)
