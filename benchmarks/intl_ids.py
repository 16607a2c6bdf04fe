"""National and tax identifiers of many countries for the held-out international documents
(benchmarks/intl_heldout.py), each with its own check digit computed here. `make(kind, rng,
valid)` returns the printed value; valid=False breaks the check digit (a mistyped number that a
form still labels, which a redactor must still hide).

The arithmetic is written from the public descriptions of each scheme, independent of the
detector's recognizers (classifier/detection/), so a shared mistake cannot hide a miss.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

DIGITS = string.digits
LETTERS = string.ascii_uppercase


def _digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice(DIGITS) for _ in range(n - 1))


def _birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _weighted(body: str, weights: list[int]) -> int:
    return sum(int(c) * w for c, w in zip(body, weights, strict=False))


def _mod11(body: str, weights: list[int]) -> int | None:
    """11 - weighted sum mod 11 (11 -> 0); None where the scheme has no digit (10)."""
    r = 11 - _weighted(body, weights) % 11
    return 0 if r == 11 else (None if r == 10 else r)


def _ddmmyy(rng: random.Random) -> tuple[str, int]:
    y, m, d = _birth(rng)
    return f"{d:02d}{m:02d}{y % 100:02d}", y


def us_ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def uk_nino(rng: random.Random) -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    pair = rng.choice(first) + rng.choice(first.replace("O", ""))
    while pair in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        pair = rng.choice(first) + rng.choice(first.replace("O", ""))
    d = _digits(rng, 6, DIGITS)
    return f"{pair} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}"


def uk_nhs(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 9, "4")
        check = _mod11(body, list(range(10, 1, -1)))
        if check is not None:
            n = body + str(check)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def fr_nir(rng: random.Random) -> str:
    y, m, _ = _birth(rng)
    dept = f"{rng.randint(1, 95):02d}"
    body = f"{rng.choice('12')}{y % 100:02d}{m:02d}{dept}{rng.randint(1, 999):03d}"
    body += f"{rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key:02d}"


def de_steuer_id(rng: random.Random) -> str:
    pool = list("0123456789")
    rng.shuffle(pool)
    ten = [*pool[:9], rng.choice(pool[:9])]
    while ten[0] == "0":
        rng.shuffle(ten)
    product = 10
    for ch in ten:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    n = "".join(ten) + str(check)
    return f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"


def es_dni(rng: random.Random) -> str:
    n = rng.randint(10_000_000, 99_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def es_nie(rng: random.Random) -> str:
    prefix = rng.choice("XYZ")
    n = rng.randint(1_000_000, 9_999_999)
    value = int(f"{'XYZ'.index(prefix)}{n}")
    return f"{prefix}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[value % 23]}"


_CF_ODD = dict(
    zip(
        DIGITS + LETTERS,
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] * 2
        + [2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
        strict=False,
    )
)


def it_codice_fiscale(rng: random.Random) -> str:
    y, m, d = _birth(rng)
    day = d + (40 if rng.random() < 0.5 else 0)
    body = "".join(rng.choice("BCDFGHLMNPRSTVZ") for _ in range(6))
    body += f"{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{day:02d}{rng.choice('ABCDEFGHLM')}"
    body += f"{rng.randint(1, 999):03d}"
    total = sum(
        _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else LETTERS.index(c))
        for i, c in enumerate(body)
    )
    return body + LETTERS[total % 26]


def nl_bsn(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 8, "123456")
        r = _weighted(body, list(range(9, 1, -1))) % 11
        if r < 10:
            return f"{body[:4]}.{body[4:6]}.{body[6:]}{r}"


def be_national(rng: random.Random) -> str:
    y, m, d = _birth(rng)
    body = f"{y % 100:02d}{m:02d}{d:02d}{rng.randint(1, 998):03d}"
    key = 97 - int(("2" if y >= 2000 else "") + body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{key:02d}"


def se_personnummer(rng: random.Random) -> str:
    y, m, d = _birth(rng)
    body = f"{y % 100:02d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    return f"{body[:6]}-{body[6:]}{_luhn_digit(body)}"


def dk_cpr(rng: random.Random) -> str:
    date, _ = _ddmmyy(rng)
    return f"{date}-{rng.randint(0, 9999):04d}"


def fi_hetu(rng: random.Random) -> str:
    date, year = _ddmmyy(rng)
    serial = f"{rng.randint(2, 899):03d}"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(date + serial) % 31]
    return f"{date}{'A' if year >= 2000 else '-'}{serial}{check}"


def no_fodselsnummer(rng: random.Random) -> str:
    while True:
        body = _ddmmyy(rng)[0] + f"{rng.randint(0, 499):03d}"
        k1 = _mod11(body, [3, 7, 6, 1, 8, 9, 4, 5, 2])
        if k1 is None:
            continue
        k2 = _mod11(body + str(k1), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        if k2 is not None:
            return f"{body}{k1}{k2}"


def pl_pesel(rng: random.Random) -> str:
    y, m, d = _birth(rng)
    month = m + (20 if y >= 2000 else 0)
    body = f"{y % 100:02d}{month:02d}{d:02d}{rng.randint(0, 9999):04d}"
    return body + str((10 - _weighted(body, [1, 3, 7, 9] * 3) % 10) % 10)


def pl_nip(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 9)
        r = _weighted(body, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11
        if r < 10:
            n = body + str(r)
            return f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"


def pt_nif(rng: random.Random) -> str:
    body = _digits(rng, 8, "123")
    r = 11 - _weighted(body, list(range(9, 1, -1))) % 11
    return body + str(0 if r >= 10 else r)


def br_cpf(rng: random.Random) -> str:
    body = _digits(rng, 9, DIGITS)
    d1 = _weighted(body, list(range(10, 1, -1))) * 10 % 11 % 10
    d2 = _weighted(body + str(d1), list(range(11, 1, -1))) * 10 % 11 % 10
    return f"{body[:3]}.{body[3:6]}.{body[6:]}-{d1}{d2}"


def _verhoeff_tables() -> tuple[list[list[int]], list[list[int]], list[int]]:
    d = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]]
    for i in range(2, 8):
        p.append([p[1][p[i - 1][j]] for j in range(10)])
    inv = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]
    return d, p, inv


def in_aadhaar(rng: random.Random) -> str:
    d, p, inv = _verhoeff_tables()
    body = _digits(rng, 11, "23456789")
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = d[c][p[(i + 1) % 8][int(ch)]]
    n = body + str(inv[c])
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def in_pan(rng: random.Random) -> str:
    head = "".join(rng.choice(LETTERS) for _ in range(3)) + "P" + rng.choice(LETTERS)
    return f"{head}{rng.randint(1000, 9999)}{rng.choice(LETTERS)}"


def ca_sin(rng: random.Random) -> str:
    body = _digits(rng, 8, "1234567")
    n = body + _luhn_digit(body)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_tfn(rng: random.Random) -> str:
    weights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        body = _digits(rng, 8)
        for last in DIGITS:
            if _weighted(body + last, weights) % 11 == 0:
                n = body + last
                return f"{n[:3]} {n[3:6]} {n[6:]}"


def ie_ppsn(rng: random.Random) -> str:
    body = _digits(rng, 7, DIGITS)
    r = _weighted(body, list(range(8, 1, -1))) % 23
    return body + "WABCDEFGHIJKLMNOPQRSTUV"[r]


def ch_ahv(rng: random.Random) -> str:
    body = "756" + _digits(rng, 9, DIGITS)
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    n = body + str((10 - total % 10) % 10)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def at_svnr(rng: random.Random) -> str:
    while True:
        serial, date = f"{rng.randint(100, 999)}", _ddmmyy(rng)[0]
        r = _weighted(serial + "0" + date, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11
        if r < 10:
            return f"{serial}{r} {date}"


def us_ein(rng: random.Random) -> str:
    return f"{rng.choice([12, 20, 27, 45, 46, 81, 84, 91])}-{rng.randint(1_000_000, 9_999_999)}"


def uk_utr(rng: random.Random) -> str:
    body = _digits(rng, 9, DIGITS)
    n = "21987654321"[_weighted(body, [6, 7, 8, 9, 10, 5, 4, 3, 2]) % 11] + body
    return f"{n[:5]} {n[5:]}"


def nl_btw(rng: random.Random) -> str:
    bsn = nl_bsn(rng).replace(".", "")
    return f"NL{bsn}B{rng.randint(1, 99):02d}"


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "us_ssn": us_ssn,
    "uk_nino": uk_nino,
    "uk_nhs": uk_nhs,
    "fr_nir": fr_nir,
    "de_steuer_id": de_steuer_id,
    "es_dni": es_dni,
    "es_nie": es_nie,
    "it_codice_fiscale": it_codice_fiscale,
    "nl_bsn": nl_bsn,
    "be_national": be_national,
    "se_personnummer": se_personnummer,
    "dk_cpr": dk_cpr,
    "fi_hetu": fi_hetu,
    "no_fodselsnummer": no_fodselsnummer,
    "pl_pesel": pl_pesel,
    "pl_nip": pl_nip,
    "pt_nif": pt_nif,
    "br_cpf": br_cpf,
    "in_aadhaar": in_aadhaar,
    "in_pan": in_pan,
    "ca_sin": ca_sin,
    "au_tfn": au_tfn,
    "ie_ppsn": ie_ppsn,
    "ch_ahv": ch_ahv,
    "at_svnr": at_svnr,
    "us_ein": us_ein,
    "uk_utr": uk_utr,
    "nl_btw": nl_btw,
}


def _break(value: str, rng: random.Random, kind: str) -> str:
    """The value with its check digit changed (the last digit; the first for a UK UTR)."""
    order = range(len(value)) if kind == "uk_utr" else range(len(value) - 1, -1, -1)
    for i in order:
        if value[i].isdigit():
            new = str((int(value[i]) + rng.randint(1, 9)) % 10)
            return value[:i] + new + value[i + 1 :]
    return value


def make(kind: str, rng: random.Random, valid: bool = True) -> str:
    value = MAKERS[kind](rng)
    return value if valid else _break(value, rng, kind)
