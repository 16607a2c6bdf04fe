"""The values of the held-out international documents (benchmarks/intl_heldout.py): one
function per slot, each returning pieces of text, a piece with a gold label where it is
personal data (or an organisation's contact). Shapes and tables are in intl_heldout.yaml;
checksummed national and tax IDs come from intl_ids.py; names, streets and cities from Faker.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import intl_ids
import yaml
from faker import Faker

DATA = Path(__file__).with_name("intl_heldout.yaml")
INVALID_SHARE = 0.12  # labelled national/tax IDs whose check digit is wrong
TYPE_OF_NUMBER = {
    "account": "ACCOUNT_NUMBER",
    "customer": "ACCOUNT_NUMBER",
    "policy": "ACCOUNT_NUMBER",
    "claim": "CASE_NUMBER",
    "case": "CASE_NUMBER",
    "tenancy": "CASE_NUMBER",
    "mrn": "MEDICAL_RECORD_NUMBER",
    "employee": "ID",
}

# a piece of a document: its text and, where it is to be redacted, its gold label
Piece = tuple[str, dict[str, Any] | None]


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=64)
def _faker(locale: str) -> Faker:
    return Faker(locale)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    culture: str
    middle: str


@dataclass
class Ctx:
    """One document's draw: its generator, country, language and the values it repeats."""

    rng: random.Random
    country: str
    lang: str
    people: dict[str, Person] = field(default_factory=dict)
    repeated: dict[tuple[str, str, str], list[Piece]] = field(default_factory=dict)

    @property
    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = config()["countries"][self.country]
        return spec

    def faker(self, locale: str = "") -> Faker:
        if not locale:
            locale = self.spec.get(f"faker_{self.lang}", self.spec["faker"])
        f = _faker(locale)
        f.seed_instance(self.rng.randrange(2**31))
        return f


def gold(type_: str, fmt: str, family: str, **extra: Any) -> dict[str, Any]:
    return {"type": type_, "format": fmt, "family": family, **extra}


def shaped(shape: str, rng: random.Random) -> str:
    """'#' any digit, 'N' a digit 2-9, 'A' a capital letter; a character after a backslash and
    anything else as written."""
    out: list[str] = []
    escaped = False
    for ch in shape:
        if escaped or ch not in "\\#NA":
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "#":
            out.append(str(rng.randint(0, 9)))
        elif ch == "N":
            out.append(str(rng.randint(2, 9)))
        else:
            out.append(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ"))
    return "".join(out)


def person(ctx: Ctx, ref: str) -> Person:
    if ref not in ctx.people:
        own = ctx.rng.random() < 0.6
        culture = ctx.spec["faker"] if own else ctx.rng.choice(config()["cultures"])
        f = ctx.faker(culture)
        if culture in config()["romanized"]:
            first, last = f.first_romanized_name(), f.last_romanized_name()
        else:
            first, last = f.first_name(), f.last_name()
        ctx.people[ref] = Person(first, last, culture, ctx.rng.choice("ABCDEHJKLMNPRSTW"))
    return ctx.people[ref]


def name(ctx: Ctx, style: str, ref: str) -> list[Piece]:
    p = person(ctx, ref)
    style = style or ctx.rng.choices(["full", "middle", "initial"], [80, 10, 10])[0]
    text = {
        "full": f"{p.first} {p.last}",
        "middle": f"{p.first} {p.middle}. {p.last}",
        "initial": f"{p.first[0]}. {p.last}",
        "last_first": f"{p.last}, {p.first}",
        "upper": f"{p.first} {p.last}".upper(),
        "first": p.first,
        "last": p.last,
    }[style]
    return [(text, gold("PERSON", f"name_{style}", "name", culture=p.culture))]


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def email(ctx: Ctx, style: str, ref: str) -> list[Piece]:
    f = ctx.faker()
    if style == "org":
        local = ctx.rng.choice(["info", "contact", "service", "billing", "hr", "claims"])
        return [(f"{local}@{f.domain_name()}", gold("EMAIL_ADDRESS", "org", "email"))]
    p = person(ctx, ref)
    first, last = _ascii(p.first) or "x", _ascii(p.last) or "y"
    local = ctx.rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}{ctx.rng.randint(1, 99)}",
            f"{last}.{first[0]}",
        ]
    )
    domain = f.free_email_domain() if ctx.rng.random() < 0.6 else f.domain_name()
    return [(f"{local}@{domain}", gold("EMAIL_ADDRESS", "person", "email"))]


def phone(ctx: Ctx, style: str) -> list[Piece]:
    country = style if style in config()["countries"] else ctx.country
    spec = config()["countries"][country]
    form = style if style in ("national", "e164") else ""
    if not form:
        form = "e164" if country != ctx.country or ctx.rng.random() < 0.45 else "national"
    text = shaped(ctx.rng.choice(spec[form]), ctx.rng)
    return [
        (text, gold("PHONE_NUMBER", f"phone_{form}_{country}", f"phone_{form}", country=country))
    ]


def _a_date(ctx: Ctx, birth: bool) -> dt.date:
    start = dt.date(1938, 1, 1) if birth else dt.date(2019, 1, 1)
    span = (dt.date(2006, 12, 31) if birth else dt.date(2025, 12, 31)) - start
    return start + dt.timedelta(days=ctx.rng.randrange(span.days))


def _spelled(d: dt.date, lang: str) -> str:
    month = config()["months"][lang][d.month - 1]
    if lang == "de":
        return f"{d.day}. {month} {d.year}"
    if lang in ("es",):
        return f"{d.day} de {month} de {d.year}"
    if lang == "fr" and d.day == 1:
        return f"1er {month} {d.year}"
    return f"{d.day} {month} {d.year}"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_text(d: dt.date, shape: str, lang: str, rng: random.Random) -> str:
    en = config()["months"]["en"][d.month - 1]
    texts = {
        "iso": d.isoformat(),
        "mdy_slash": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "dmy_slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy_dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dmy_dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dmy_dot_short": f"{d.day}.{d.month}.{d.year % 100:02d}",
        "spelled_dmy": _spelled(d, lang),
        "spelled_mdy": f"{en} {d.day}, {d.year}",
        "ordinal_dmy": f"{_ordinal(d.day)} {en} {d.year}",
        "abbrev_dmy": f"{d.day:02d}-{en[:3]}-{d.year}",
        "abbrev_mdy": f"{en[:3]} {d.day}, {d.year}",
        "weekday": f"{config()['weekdays_en'][d.weekday()]}, {d.day} {en} {d.year}",
        "header": f"{config()['weekdays_en'][d.weekday()][:3]}, {d.day:02d} {en[:3]} {d.year} "
        f"{rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
        f"{rng.choice(['+0000', '+0100', '+0200', '-0500', '+0530'])}",
    }
    return texts[shape]


def date(ctx: Ctx, style: str, birth: bool = False) -> list[Piece]:
    shapes = list(ctx.spec["dates"])
    if ctx.lang != "en":
        shapes = [s for s in shapes if "mdy" not in s and "ordinal" not in s] + ["spelled_dmy"]
    shape = style if style and style != "spelled" else ctx.rng.choice(shapes)
    if style == "spelled":
        shape = "spelled_mdy" if ctx.country == "us" and ctx.lang == "en" else "spelled_dmy"
    text = _date_text(_a_date(ctx, birth), shape, ctx.lang, ctx.rng)
    family = (
        f"date_spelled_{ctx.lang}"
        if shape == "spelled_dmy"
        else (
            "date_spelled_en"
            if shape in ("spelled_mdy", "ordinal_dmy", "abbrev_dmy", "abbrev_mdy", "weekday")
            else f"date_{shape}"
            if shape == "header"
            else "date_numeric"
        )
    )
    return [(text, gold("DATE_TIME", f"date_{shape}", family, birth=birth))]


def address(ctx: Ctx, part: str) -> list[Piece]:
    """street, postcode, city, or the block (on two or three lines by the country's layout)."""
    f = ctx.faker()
    street = " ".join(f.street_address().split())
    post, city = f.postcode(), " ".join(f.city().split())
    pieces = {
        "street": (street, gold("STREET_ADDRESS", f"street_{ctx.country}", "street")),
        "postcode": (post, gold("ZIP_CODE", f"postcode_{ctx.country}", "postcode")),
        "city": (city, gold("LOCATION", "city", "city")),
    }
    if part in pieces:
        return [pieces[part]]
    layout = ctx.spec["address"]
    if layout == "state":
        region = getattr(f, "state_abbr", None) or f.province_abbr
        return [
            pieces["street"],
            ("\n", None),
            pieces["city"],
            (f", {region()} ", None),
            pieces["postcode"],
        ]
    if layout == "lines":
        return [pieces["street"], ("\n", None), pieces["city"], ("\n", None), pieces["postcode"]]
    return [pieces["street"], ("\n", None), pieces["postcode"], (" ", None), pieces["city"]]


def _check_digits(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def iban(ctx: Ctx, style: str) -> list[Piece]:
    country = ctx.spec["iban"] or ctx.rng.choice(sorted(config()["ibans"]))
    bban = shaped(config()["ibans"][country], ctx.rng)
    value = f"{country}{_check_digits(country, bban)}{bban}"
    grouped = (style or ctx.rng.choice(["grouped", "grouped", "compact"])) == "grouped"
    if grouped:
        value = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    form = "grouped" if grouped else "compact"
    return [(value, gold("IBAN_CODE", f"iban_{form}_{country}", "iban", country=country))]


CARDS = {
    "visa": (["4"], 16),
    "mastercard": (["51", "53", "55", "2221", "2720"], 16),
    "amex": (["34", "37"], 15),
    "discover": (["6011", "65"], 16),
}


def card(ctx: Ctx, style: str) -> list[Piece]:
    brand = style or ctx.rng.choice(sorted(CARDS))
    prefixes, length = CARDS[brand]
    body = ctx.rng.choice(prefixes)
    body += "".join(str(ctx.rng.randint(0, 9)) for _ in range(length - len(body) - 1))
    n = body + intl_ids._luhn_digit(body)
    cuts = [4, 10] if length == 15 else [4, 8, 12]
    sep = ctx.rng.choice([" ", " ", "-", ""])
    text = sep.join(n[a:b] for a, b in zip([0, *cuts], [*cuts, length], strict=True))
    return [(text, gold("CREDIT_CARD", f"card_{brand}", "card"))]


def identifier(ctx: Ctx, slot: str) -> list[Piece]:
    """nid (a national ID of the country), tax, passport or licence."""
    spec = ctx.spec
    kind = ctx.rng.choice(spec["nid"]) if slot == "nid" else spec.get(slot)
    if slot in ("passport", "licence"):
        family = "passport" if slot == "passport" else "driving_licence"
        return [
            (
                shaped(ctx.rng.choice(spec[slot]), ctx.rng),
                gold("ID", f"{family}_{ctx.country}", family),
            )
        ]
    base = "national_id" if slot == "nid" else "tax_id"
    if kind in intl_ids.MAKERS:
        valid = ctx.rng.random() >= INVALID_SHARE
        text = intl_ids.make(kind, ctx.rng, valid)
        family = base if valid else f"{base}_badcheck"
        return [(text, gold("ID", kind, family, valid=valid))]
    return [(shaped(kind, ctx.rng), gold("ID", f"{ctx.country}_{slot}_shape", f"{base}_nocheck"))]


def ip(ctx: Ctx, style: str) -> list[Piece]:
    if style == "v6":
        groups = [f"{ctx.rng.randint(0x2001, 0x2A10):x}"]
        groups += [f"{ctx.rng.randint(0, 0xFFFF):x}" for _ in range(7)]
        return [(":".join(groups), gold("IP_ADDRESS", "ipv6", "ip"))]
    first = ctx.rng.choice([23, 31, 46, 62, 78, 81, 89, 93, 109, 151, 176, 185, 203, 212])
    rest = [ctx.rng.randint(0, 255) for _ in range(2)] + [ctx.rng.randint(1, 254)]
    return [(".".join(map(str, [first, *rest])), gold("IP_ADDRESS", "ipv4", "ip"))]


def number(ctx: Ctx, slot: str) -> list[Piece]:
    shapes = config()["numbers"][slot]
    if isinstance(shapes, dict):  # by the document's language
        shapes = shapes.get(ctx.lang, shapes["en"])
    text = shaped(ctx.rng.choice(shapes), ctx.rng)
    return [(text, gold(TYPE_OF_NUMBER[slot], slot, slot))]


def filler(ctx: Ctx, slot: str) -> list[Piece]:
    """Text that is not personal data: references, codes, amounts, law, organisations."""
    rng = ctx.rng
    if slot == "amount":
        value = f"{rng.randint(3, 4800)}.{rng.randint(0, 99):02d}"
        value = value if ctx.lang == "en" else value.replace(".", ",")
        return [(ctx.spec["money"].format(value), None)]
    if slot == "pct":
        return [(f"{rng.choice([2, 3.5, 5, 7, 10, 19, 20, 21, 22])}%", None)]
    if slot == "company":
        return [(" ".join(ctx.faker().company().split()), None)]
    if slot == "hospital":
        return [(rng.choice(config()["hospitals"]), None)]
    table = config()["fillers"][slot]
    return [(shaped(rng.choice(table), rng) if slot != "statute" else rng.choice(table), None)]
