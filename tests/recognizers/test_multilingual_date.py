from __future__ import annotations

import pytest

from classifier.detection.recognizers.multilingual_date import MultilingualDateRecognizer

CASES = [
    ("Datum: 1. März 2024", ["1. März 2024"]),
    ("Fait à Lyon le 1er mars 2024.", ["1er mars 2024"]),
    ("Madrid, 1 de marzo de 2024", ["1 de marzo de 2024"]),
    ("São Paulo, 2 de janeiro de 1985", ["2 de janeiro de 1985"]),
    ("Nato il 3 maggio 1975 a Roma", ["3 maggio 1975"]),
    ("Data urodzenia: 12 lipca 1990", ["12 lipca 1990"]),
    ("Helsinki 1. heinäkuuta 2020", ["1. heinäkuuta 2020"]),
    ("Amsterdam, 23 januari 1988", ["23 januari 1988"]),
    ("発行日 2024年3月1日", ["2024年3月1日"]),
    ("작성일 2024년 3월 1일", ["2024년 3월 1일"]),
    ("생년월일 1990. 5. 17.", ["1990. 5. 17."]),
    ("ur. 15.VI.1972 w Krakowie", ["15.VI.1972"]),
    ("Signed on Tuesday, 5 November 2024 by both parties.", ["Tuesday, 5 November 2024"]),
    ("Friday, March 1, 2024", ["Friday, March 1, 2024"]),
    # a weekday makes a day and month without a year a date
    ("pick-up at George Airport Fri 29 Mar 10:00", ["Fri 29 Mar"]),
    ("Thanks for the call on Tuesday, July 9th.", ["Tuesday, July 9th"]),
    ("Redelivery is booked for Wednesday 13.3. between", ["Wednesday 13.3."]),
    ("evening game drive.\nSat 14 Dec: transfer", ["Sat 14 Dec"]),
    # a day and month without a year
    ("avant le 5 avril, si possible", ["5 avril"]),
    ("la facture du 2 février d'un montant", ["2 février"]),
    ("ist für den 29.5. reserviert", ["29.5."]),
    ("we won 5 out of 10 games", []),
    ("Post transfusion HCT this am 24.6. Dr.", []),
    # a deed's date
    ("Signed on this 18th day of January 2024 at", ["18th day of January 2024"]),
    ("made on this 1st day of May, 2024 between", ["1st day of May, 2024"]),
    ("A los 15 días del mes de febrero de 2024, entre", ["15 días del mes de febrero de 2024"]),
    # not dates of a person
    ("Revenue grew in Q1 2024.", []),
    ("Mars 2024 mission update", []),
    ("firmware 4.2.1, build 2024.7", []),
    ("host 192.168.10.24", []),
    ("open Mon to Fri 9 to 5", []),
    ("Sunday 3 runs, Monday 2", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(MultilingualDateRecognizer().analyze(text, ["DATE_TIME"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
