"""Write classifier/detection/data/country_names.txt: the English names of every region the
phonenumbers library knows (its geocoder's display names)."""

from pathlib import Path

from phonenumbers import geocoder
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

OUT = Path(__file__).resolve().parent.parent / "classifier/detection/data/country_names.txt"
HEADER = (
    "# Country and territory names in English, as phonenumbers' geocoder gives them for every\n"
    "# region it knows (exported once: scripts/export_country_names.py). One per line.\n"
)


def main() -> None:
    regions = {r for codes in COUNTRY_CODE_TO_REGION_CODE.values() for r in codes}
    names = {geocoder._region_display_name(r, "en") for r in regions} - {None, ""}
    OUT.write_text(HEADER + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")


if __name__ == "__main__":
    main()
