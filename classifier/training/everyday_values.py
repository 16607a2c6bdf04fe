"""Values for the generated everyday documents (classifier/training/everyday.py).

Each maker returns the pieces a placeholder expands to: text with a gold type (or None for the
glue between values, such as the comma in an address) and a `format` tag naming the value's
shape (`us_dashed`, `fr_e164`, `dotted`, `known_sample`, ...), so that an evaluation can report
recall per shape. Faker gives names, streets, cities, postcodes, companies and IBANs in many
locales; the shapes of phone numbers, dates and identifiers come from the tables in
everyday.yaml, filled with the document's seeded random generator.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

Piece = tuple[str, str | None, str]  # (text, gold type or None for glue, format)

NAME_LOCALES = (
    "en_US", "en_GB", "en_IE", "fr_FR", "de_DE", "nl_NL", "es_ES", "it_IT", "pl_PL", "pt_BR",
    "en_IN", "ja_JP", "zh_CN", "en_PK", "yo_NG", "tr_TR", "vi_VN", "sv_SE",
)  # fmt: skip
ROMANISED = ("ja_JP", "zh_CN")  # names through first_romanized_name / last_romanized_name
KNOWN_SAMPLE_SSNS = ("078-05-1120", "123-45-6789", "219-09-9999", "457-55-5462")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    culture: str  # the Faker locale the name came from


class Fakers:
    """One Faker per locale, reseeded for every document so a document depends on its seed only."""

    def __init__(self) -> None:
        self._by_locale: dict[str, Faker] = {}

    def get(self, locale: str, seed: int) -> Faker:
        if locale not in self._by_locale:
            self._by_locale[locale] = Faker(locale)
        fake = self._by_locale[locale]
        fake.seed_instance(seed)
        return fake


_SORTED_CITIES: dict[str, tuple[str, ...]] = {}  # provider module -> its cities, sorted


def city(fake: Faker) -> str:
    """Faker's city, the same in every process: it_IT draws from a list built from a set, in an
    order that changes with PYTHONHASHSEED, so such a list is drawn from sorted."""
    for provider in fake.providers:
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list):
            key = type(provider).__module__
            if key not in _SORTED_CITIES:
                _SORTED_CITIES[key] = tuple(sorted(cities))
            return str(fake.random_element(_SORTED_CITIES[key]))
    return str(fake.city())


def fill_shape(shape: str, rng: random.Random) -> str:
    """'#' is any digit, 'N' a digit 2-9, 'A' a capital letter; anything else stays."""
    out = []
    for c in shape:
        if c == "#":
            out.append(str(rng.randrange(10)))
        elif c == "N":
            out.append(str(rng.randrange(2, 10)))
        elif c == "A":
            out.append(chr(ord("A") + rng.randrange(26)))
        else:
            out.append(c)
    return "".join(out)


def ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def make_person(fakers: Fakers, rng: random.Random) -> Person:
    culture = rng.choice(NAME_LOCALES)
    fake = fakers.get(culture, rng.randrange(2**31))
    if culture in ROMANISED:
        return Person(fake.first_romanized_name(), fake.last_romanized_name(), culture)
    return Person(fake.first_name(), fake.last_name(), culture)


def person_pieces(person: Person, part: str, rng: random.Random) -> list[Piece]:
    """`part`: name (a shape chosen at random), first, last, or a forced shape."""
    if part == "first":
        return [(person.given, "PERSON", "given")]
    if part == "last":
        return [(person.surname, "PERSON", "surname")]
    shapes = ("full",) * 6 + ("upper", "initial_surname", "surname_comma_given", "middle_initial")
    shape = part if part in shapes else rng.choice(shapes)
    text = {
        "full": f"{person.given} {person.surname}",
        "upper": f"{person.given} {person.surname}".upper(),
        "initial_surname": f"{person.given[0]}. {person.surname}",
        "surname_comma_given": f"{person.surname}, {person.given}",
        "middle_initial": f"{person.given} {fill_shape('A', rng)}. {person.surname}",
    }[shape]
    return [(text, "PERSON", shape)]


def email_pieces(person: Person, fake: Faker, rng: random.Random) -> list[Piece]:
    given, surname = ascii_fold(person.given) or "info", ascii_fold(person.surname) or "mail"
    shape = rng.choice(("given.surname", "initial_surname", "given_surname_digits"))
    local = {
        "given.surname": f"{given}.{surname}",
        "initial_surname": f"{given[0]}{surname}",
        "given_surname_digits": f"{given}_{surname}{rng.randrange(1, 99)}",
    }[shape]
    domain = rng.choice((fake.free_email_domain(), fake.domain_name()))
    return [(f"{local}@{domain}", "EMAIL_ADDRESS", shape)]


def random_day(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days))


def format_date(day: date, shape: str) -> str:
    month = MONTHS[day.month - 1]
    return {
        "us_slash": f"{day.month:02d}/{day.day:02d}/{day.year}",
        "us_short": f"{day.month}/{day.day}/{day.year % 100:02d}",
        "dayfirst_slash": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "dotted": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "dotted_short": f"{day.day}.{day.month}.{day.year % 100:02d}",
        "iso": day.isoformat(),
        "spelled_dmy": f"{day.day} {month} {day.year}",
        "spelled_mdy": f"{month} {day.day}, {day.year}",
        "abbrev_dmy": f"{day.day:02d}-{month[:3]}-{day.year}",
        "daymonth_slash": f"{day.day}/{day.month}",
        "daymonth_spelled": f"{day.day} {month[:3]}",
        "month_year": f"{month} {day.year}",
    }[shape]


def date_pieces(
    rng: random.Random, shape: str, locale_shapes: list[str], years: tuple[int, int]
) -> list[Piece]:
    if not shape:
        everyday = ["us_slash", "dayfirst_slash", "dotted", "iso", "spelled_dmy", "spelled_mdy",
                    "abbrev_dmy", "us_short", "dotted_short"]  # fmt: skip
        shape = rng.choice(locale_shapes if rng.random() < 0.6 else everyday)
    day = random_day(rng, *years)
    return [(format_date(day, shape), "DATE_TIME", shape)]


def phone_pieces(rng: random.Random, shape: str, phones: dict[str, dict[str, list[str]]],
                 country: str) -> list[Piece]:  # fmt: skip
    """A phone of the named `country_shape`, else one of the document's country (60%) or of any
    country, in a shape the table lists for it."""
    if shape:
        where, _, kind = shape.partition("_")
    else:
        where = country if rng.random() < 0.6 else rng.choice(sorted(phones))
        kind = rng.choice(sorted(phones[where]))
    return [(fill_shape(rng.choice(phones[where][kind]), rng), "PHONE_NUMBER", f"{where}_{kind}")]


def ssn_pieces(rng: random.Random, shape: str) -> list[Piece]:
    shape = shape or rng.choice(("dashed", "dashed", "known_sample", "spaced"))
    if shape == "known_sample":
        return [(rng.choice(KNOWN_SAMPLE_SSNS), "US_SSN", shape)]
    area = rng.choice([a for a in range(1, 900) if a != 666])
    sep = " " if shape == "spaced" else "-"
    value = f"{area:03d}{sep}{rng.randrange(1, 100):02d}{sep}{rng.randrange(1, 10000):04d}"
    return [(value, "US_SSN", shape)]


def grouped(value: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


def iban_pieces(fakers: Fakers, rng: random.Random, country_locale: str) -> list[Piece]:
    fake = fakers.get(country_locale, rng.randrange(2**31))
    iban = str(fake.iban())
    shape = rng.choice(("compact", "grouped", "grouped"))
    return [(iban if shape == "compact" else grouped(iban), "IBAN_CODE", shape)]


def card_pieces(fake: Faker, rng: random.Random) -> list[Piece]:
    """`fake`: an en_US Faker (the card brands below are its names)."""
    brand = rng.choice(("visa16", "mastercard", "amex", "discover"))
    number = str(fake.credit_card_number(card_type=brand))
    shape = rng.choice(("grouped", "dashed", "compact"))
    if shape != "compact":
        sep = " " if shape == "grouped" else "-"
        parts = (number[:4], number[4:10], number[10:]) if len(number) == 15 else None
        number = sep.join(parts) if parts else grouped(number, 4, sep)
    return [(number, "CREDIT_CARD", f"{brand}_{shape}")]


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            number = "".join(map(str, digits)) + str(check)
            return f"{number[:3]} {number[3:6]} {number[6:]}"


def shaped_pieces(rng: random.Random, shape: str, table: dict[str, str], gold: str) -> list[Piece]:
    """An identifier from a table of shapes (everyday.yaml): the named one or any."""
    name = shape or rng.choice(sorted(table))
    if table[name] == "nhs":
        return [(nhs_number(rng), gold, name)]
    return [(fill_shape(table[name], rng), gold, name)]


def address_pieces(fake: Faker, locale: str, block: bool) -> list[Piece]:
    """Street, city and postcode (US: and state) in the order of the document's country."""
    street = str(fake.street_address()).replace("\n", ", ")
    town = city(fake)
    sep = "\n" if block else ", "
    if locale == "en_US":
        return [
            (street, "STREET_ADDRESS", "street"), (sep, None, ""), (town, "LOCATION", "city"),
            (", ", None, ""), (str(fake.state_abbr()), "LOCATION", "us_state"), (" ", None, ""),
            (str(fake.zipcode()), "ZIP_CODE", "postcode_en_US"),
        ]  # fmt: skip
    postcode: list[Piece] = [(str(fake.postcode()), "ZIP_CODE", f"postcode_{locale}")]
    city_piece: list[Piece] = [(town, "LOCATION", "city")]
    if locale in ("en_GB", "en_IE", "en_IN"):
        return [(street, "STREET_ADDRESS", "street"), (sep, None, ""), *city_piece,
                (" " if not block else "\n", None, ""), *postcode]  # fmt: skip
    return [(street, "STREET_ADDRESS", "street"), (sep, None, ""), *postcode, (" ", None, ""),
            *city_piece]  # fmt: skip


def faker_pieces(fake: Faker, slot: str) -> list[Piece]:
    """Slots Faker fills directly: city, street, postcode, company, country."""
    value: Any = {
        "city": lambda: city(fake),
        "street": lambda: str(fake.street_address()).replace("\n", ", "),
        "postcode": fake.postcode,
        "org": fake.company,
        "country": fake.country,
    }[slot]()
    gold = {"city": "LOCATION", "street": "STREET_ADDRESS", "postcode": "ZIP_CODE",
            "org": "ORGANIZATION", "country": "LOCATION"}[slot]  # fmt: skip
    return [(str(value), gold, slot)]
