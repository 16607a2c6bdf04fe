"""The tables benchmarks/pii_eval.py prints: the summary, per type (per format and per kind for
the everyday set) with stock Presidio beside ours, and the filter ablation."""

from __future__ import annotations

from typing import Any

CHECK_WARNING = (
    "WARNING: physionet-check is the held-out half. Look at it once, at the end: a rule or\n"
    "threshold chosen after reading it turns it into a tuning set and its figure into a guess."
)


def _f(value: float | None, width: int, digits: int = 3) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def summary(table: dict[str, Any], sets: list[str]) -> None:
    print(f"\n{'set':<17}{'detector':<9}{'char_rec':>9}{'char_prec':>10}{'span_rec':>9}"
          f"{'doc_rec':>8}{'leak':>8}{'ms/doc':>8}")  # fmt: skip
    for s in sets:
        for name in ("stock", "ours"):
            v = table.get(name, {}).get(s)
            if v is None:
                continue
            print(f"{s:<17}{name:<9}{_f(v['char_recall'], 9)}{_f(v['char_precision'], 10)}"
                  f"{_f(v['span_recall'], 9)}{_f(v['doc_recall'], 8)}{_f(v['leak_rate'], 8)}"
                  f"{v['ms_per_doc']:>8.1f}")  # fmt: skip


def breakdown(table: dict[str, Any], set_name: str, view: str) -> None:
    """Per gold type (or TYPE/format, or kind): spans, char recall and leaks, stock | ours."""
    ours = table["ours"][set_name][f"per_{view}"]
    stock = table.get("stock", {}).get(set_name, {}).get(f"per_{view}", {})
    print(f"\n{set_name} per {view}: char recall and leaked/eligible, stock | ours")
    print(f"{view:<36}{'spans':>6}{'stock_rec':>10}{'ours_rec':>9}{'stock_leak':>12}"
          f"{'ours_leak':>11}")  # fmt: skip
    for key in sorted(ours, key=lambda k: (k.split("/")[0], -ours[k]["spans"])):
        o, s = ours[key], stock.get(key, {})
        stock_leak = f"{s['leaked']}/{s['leak_eligible']}" if s else "-"
        ours_leak = f"{o['leaked']}/{o['leak_eligible']}"
        print(f"{key:<36}{o['spans']:>6}{_f(s.get('char_recall'), 10)}{_f(o['char_recall'], 9)}"
              f"{stock_leak:>12}{ours_leak:>11}")  # fmt: skip


def ablation(result: dict[str, Any]) -> None:
    """Per set: each filter off in turn, the change against the full detector (+recall: what
    the filter costs; -precision: what it buys; +leak: leaks it prevents)."""
    if "skipped" in result:
        print(f"\nablation skipped: {result['skipped']}")
        return
    sets = sorted({s for row in result.values() for s in row})
    for s in sets:
        print(f"\nablation on {s}: each filter off, change against the full detector")
        print(f"{'filter':<32}{'drops':>7}{'d_recall':>10}{'d_precision':>13}{'d_leak':>9}")
        for name, row in result.items():
            v = row[s]
            print(f"{name:<32}{v['drops']:>7}{_f(v['char_recall'], 10, 4)}"
                  f"{_f(v['char_precision'], 13, 4)}{_f(v['leak_rate'], 9, 4)}")  # fmt: skip


def print_all(table: dict[str, Any], sets: list[str], final: bool) -> None:
    for s in sets:
        breakdown(table, s, "type")
    if "everyday" in sets:
        breakdown(table, "everyday", "format")
        breakdown(table, "everyday", "kind")
        breakdown(table, "everyday", "culture")
    if "everyday-long" in sets:
        breakdown(table, "everyday-long", "format")
    if "ablation" in table:
        ablation(table["ablation"])
    summary(table, sets)
    for name in ("stock", "ours"):
        if name in table:
            print(f"{name} start-up: {table[name]['startup_s']} s")
    if final:
        print("\n" + CHECK_WARNING)
