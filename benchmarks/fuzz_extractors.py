"""Fuzz every extractor with mutated copies of the tests' small fixture files (issue 16).

    nice -n 10 .venv-dev/bin/python benchmarks/fuzz_extractors.py --count 100

Each format's seed file (built in memory the way tests/documents.py builds them) is mutated
with a fixed seed: bytes flipped, the file cut short, chunks duplicated, and for DOCX one zip
member's stored bytes corrupted. Each case runs `classifier.formats.extract` in a forked child
under an address-space limit (RLIMIT_AS) and a wall-time limit. Outcomes per format:
ok, quarantined (a clean DocumentError: what the pipeline quarantines), bug (any other
exception), memory (MemoryError), crash (the child died), timeout. Prints a table and writes
benchmarks/results/fuzz_extractors.json; bugs are listed by exception type and the innermost
frame in classifier/, never with document content.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import multiprocessing as mp
import random
import resource
import sys
import traceback
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
OUTCOMES = ("ok", "quarantined", "bug", "memory", "crash", "timeout")

from classifier.document import Document  # noqa: E402
from classifier.errors import DocumentError  # noqa: E402
from classifier.formats import extract  # noqa: E402
from classifier.formats.limits import Limits  # noqa: E402
from classifier.stages import ingest  # noqa: E402
from tests.documents import CLINICAL_NOTE, docx_bytes, eml_bytes, pdf_bytes  # noqa: E402

# the extractors' modules (PDFium's library among them) loaded before any child is forked
# under its memory limit: a limit that stops an import is not a finding about the extractor
for _module in ("docx", "email", "html", "image", "pdf", "text"):
    importlib.import_module(f"classifier.formats.{_module}")
LINES = CLINICAL_NOTE.splitlines()[:6]
HTML_SEED = (
    '<html><head><meta name="author" content="Margaret Thornton"><title>Referral</title></head>'
    "<body><p>Patient <b>Margaret</b> Thornton, phone 617-555-0142.</p>"
    '<img src="x.png" alt="Margaret Thornton"><a href="mailto:margaret.thornton@example.org">'
    "write</a><table><tr><td>SSN</td><td>123-45-6789</td></tr></table></body></html>"
)


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 60), 255)
    ImageDraw.Draw(image).text((10, 20), "Margaret Thornton 617-555-0142", fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seeds() -> dict[str, tuple[str, str, bytes]]:
    """format -> (media type, file name, the unmutated file)."""
    pdf = pdf_bytes(LINES)
    return {
        "pdf": (ingest.PDF, "case.pdf", pdf),
        "docx": (ingest.DOCX, "case.docx", docx_bytes(LINES, table=[["SSN", "123-45-6789"]])),
        "eml": (ingest.EMAIL, "case.eml", eml_bytes("\n".join(LINES), {"scan.pdf": pdf})),
        "html": (ingest.HTML, "case.html", HTML_SEED.encode()),
        "text": (ingest.TEXT, "case.txt", CLINICAL_NOTE.encode()),
        "png": (ingest.PNG, "case.png", _png()),
    }


# mutations ----------------------------------------------------------------------------------
def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def duplicate(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 64) + data[at:]


def corrupt_member(data: bytes, rng: random.Random) -> bytes:
    """One zip member's compressed bytes overwritten in place (the directory left as is)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return flip(data, rng)
    info = rng.choice(infos)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[start + rng.randrange(max(1, info.compress_size))] = rng.randrange(256)
    return bytes(out)


def rezip_member(data: bytes, rng: random.Random) -> bytes:
    """One member's content mutated, then the package zipped anew (valid zip, bad XML)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = {i.filename: package.read(i) for i in package.infolist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return flip(data, rng)
    name = rng.choice(sorted(members))
    content = members[name] or b" "
    members[name] = rng.choice([flip, truncate, duplicate])(content, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rezipped:
        for member, body in members.items():
            rezipped.writestr(member, body)
    return out.getvalue()


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "duplicate": duplicate,
}


def mutate(fmt: str, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One to three mutations in a row; their names joined with '+'."""
    docx = {"zip_member": corrupt_member, "xml_member": rezip_member}
    kinds = dict(MUTATIONS, **docx) if fmt == "docx" else MUTATIONS
    names = [rng.choice(sorted(kinds)) for _ in range(rng.randint(1, 3))]
    for name in names:
        data = kinds[name](data, rng) if data else data
    return "+".join(names), data


# one case in a child --------------------------------------------------------------------------
def _where(exc: BaseException) -> str:
    """The innermost frame inside classifier/ (else the innermost), as file:line."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/classifier/" in f.filename] or frames
    frame = ours[-1]
    name = frame.filename.replace(str(ROOT) + "/", "")
    return f"{name}:{frame.lineno}"


def _child(document: Document, memory_bytes: int, seconds: float, conn: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    limits = Limits(max_document_seconds=seconds).started_now()
    try:
        extract(document, limits)
        conn.send(("ok", ""))
    except DocumentError as exc:
        conn.send(("quarantined", exc.reason))
    except MemoryError:
        conn.send(("memory", ""))
    except Exception as exc:  # a bug: an extractor let something other than DocumentError out
        conn.send(("bug", f"{type(exc).__name__} at {_where(exc)}"))


def run_case(document: Document, memory_bytes: int, seconds: float) -> tuple[str, str]:
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(document, memory_bytes, seconds, send))
    child.start()
    send.close()
    if not receive.poll(seconds + 5):
        child.kill()
        child.join()
        return "timeout", ""
    try:
        outcome: tuple[str, str] = receive.recv()
    except EOFError:
        child.join()
        return "crash", f"exit code {child.exitcode}"
    child.join()
    return outcome


# the run ----------------------------------------------------------------------------------------
def fuzz(
    count: int, seed: int, memory_mb: int, seconds: float, formats: list[str]
) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for fmt, (media_type, filename, data) in seeds().items():
        if formats and fmt not in formats:
            continue
        rng = random.Random(f"{seed}:{fmt}")  # each format's cases alike, run alone or not
        counts: Counter[str] = Counter()
        bugs: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        unmutated = Document(data, filename, media_type, hashlib.sha256(data).hexdigest())
        seed_outcome = run_case(unmutated, memory_mb * 1024 * 1024, seconds)[0]
        for _ in range(count):
            how, content = mutate(fmt, data, rng)
            document = Document(content, filename, media_type, hashlib.sha256(content).hexdigest())
            outcome, detail = run_case(document, memory_mb * 1024 * 1024, seconds)
            counts[outcome] += 1
            if outcome == "quarantined":
                reasons[detail] += 1
            elif outcome != "ok":
                bugs[f"{outcome}: {detail} ({how})"] += 1
        table[fmt] = {
            "seed_bytes": len(data),
            "seed_outcome": seed_outcome,  # the unmutated file: ok, or the fuzzing is void
            "cases": count,
            **{o: counts[o] for o in OUTCOMES},
            "reasons": dict(reasons),
            "problems": dict(bugs),
        }
        print(_row(fmt, table[fmt]), flush=True)
    return table


def _row(fmt: str, row: dict[str, Any]) -> str:
    return (
        f"| {fmt} | {row['seed_bytes']:,} | {row['cases']} | "
        + " | ".join(str(row[o]) for o in OUTCOMES)
        + " |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="mutated cases per format")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--memory-mb", type=int, default=1536, help="RLIMIT_AS of each case")
    parser.add_argument("--seconds", type=float, default=20, help="wall-time limit of a case")
    parser.add_argument("--formats", nargs="*", default=[], help="only these (default: all)")
    args = parser.parse_args(argv)
    print("| format | seed bytes | cases | " + " | ".join(OUTCOMES) + " |")
    print("| --- " * (3 + len(OUTCOMES)) + "|")
    table = fuzz(args.count, args.seed, args.memory_mb, args.seconds, args.formats)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "fuzz_extractors.json"
    out.write_text(json.dumps({"settings": vars(args), "formats": table}, indent=2) + "\n")
    for fmt, row in table.items():
        for problem, n in row["problems"].items():
            print(f"{fmt}: {n} x {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
