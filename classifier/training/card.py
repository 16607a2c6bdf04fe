"""MODEL_CARD.md for a trained model directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SOURCES = """\
| source | labels | licence / terms as far as known |
| --- | --- | --- |
| MTSamples (2018 scrape) | clinical note types | unclear; widely redistributed for research |
| CUAD v1 (The Atticus Project, SEC EDGAR) | contract | CC BY 4.0 |
| FIRE 2017 IRLeD, Indian Supreme Court | court_judgment | public judgments; research track data |
| ECTSum (Motley Fool transcripts) | earnings_call | research dataset; underlying rights unclear |
| Reuters-21578 | news_wire | research use |
| ICDAR-2019 SROIE | receipt | research use |
| 20 Newsgroups | out_of_scope | public research dataset |
"""


def _lexical_paragraph(manifest: dict[str, Any]) -> str:
    if not manifest.get("lexical"):
        return ""
    by = manifest["metrics"].get("macro_f1_by_component", {})
    return (
        "\n\nThe encoder is fused with a lexical model: TF-IDF over the words, word pairs and "
        "section headings of the whole text (first 20,000 characters) with a logistic "
        "regression; log p = w log p_encoder + (1 - w) log p_lexical with "
        f"w = {manifest['lexical']['encoder_weight']:.2f}, chosen on {_calibration(manifest)}. "
        "It reads what comes after the first window (HOSPITAL COURSE, SUBJECTIVE, CHIEF "
        "COMPLAINT...), where clinical note types differ. Validation macro-F1 by component: "
        + ", ".join(f"{k} {v:.4f}" for k, v in by.items())
        + "."
    )


def _calibration(manifest: dict[str, Any]) -> str:
    n = manifest.get("calibration_documents")
    if manifest["training"].get("calibration_percent"):
        refit = manifest["training"].get("lexical_documents")
        after = f"; the lexical model was then refit on all {refit}" if refit else ""
        return f"a calibration slice of {n} training documents held out of training{after}"
    return "the validation split (too few documents for a calibration slice)"


NOTE_TYPES_TEXT = (
    "\n\nA note-type head ({file}) re-weighs {labels} among themselves from {features}"
    " whole-document features (section headings, where the visit happens, how it ends; each"
    " feature's pattern and weights are in the file): a logistic regression on {documents}"
    " documents, fused with weight {weight} chosen by log-loss on the calibration slice."
)


def _note_types_paragraph(manifest: dict[str, Any]) -> str:
    n = manifest.get("note_types")
    return NOTE_TYPES_TEXT.format(**{**n, "labels": ", ".join(n["labels"])}) if n else ""


def _teacher_section(manifest: dict[str, Any]) -> str:
    t = manifest.get("teacher")
    if not t:
        return ""
    return (
        f"\n## Teacher\nA {t['student_layers']}-layer student distilled from {t['model']} "
        f"(validation macro-F1 {t['macro_f1']:.4f}): soft targets at temperature "
        f"{t['kd_temperature']} (weight {t['kd_weight']}) plus the hard labels. The student is "
        "initialised from evenly spaced layers of the base encoder.\n"
    )


def write_model_card(out: Path, manifest: dict[str, Any]) -> None:
    m = manifest["metrics"]
    t = manifest["training"]
    rows = "\n".join(
        f"| {lab['name']} | {lab['domain']} | {m['f1_per_label'][lab['name']]:.3f} |"
        for lab in manifest["labels"]
    )
    text = f"""# {manifest["name"]} {manifest["version"]}

Document-type classifier: {manifest["base_model"]} fine-tuned on `{t["data"]}`
({t["documents"]} training documents, data digest `{t["data_digest"][:16]}…`, seed {t["seed"]},
{t["epochs"]} epochs), exported to ONNX with optimum{_export_note(manifest)} and
{manifest["quantization"]} quantized.
Created {manifest["created"]}.

## Intended use
Routing and policy selection inside the on-premise classifier service: which kind of document
is this, and how sure are we. A demonstration default trained on public data; a site should
retrain on its own documents (`classifier train --data FOLDER_OR_JSONL`).

## Metrics (the quantized model as shipped, {m["split"]})
accuracy {m["accuracy"]:.4f}, macro-F1 {m["macro_f1"]:.4f}, expected calibration error
{m["ece"]:.4f} after temperature scaling (T = {manifest["temperature"]:.3f};
{m["ece_before_calibration"]:.4f} before), temperature fitted on {_calibration(manifest)}.

| label | domain | F1 |
| --- | --- | --- |
{rows}

## Long documents
{manifest["long_documents"]}.{_lexical_paragraph(manifest)}{_note_types_paragraph(manifest)}
{_teacher_section(manifest)}
## Data sources
{SOURCES}
## Known limits
- Trained on English public corpora; other languages and document kinds a site holds are
  out of its experience: they should land in `out_of_scope` or under the review threshold.
  With `open_set.json`, a document whose lexical energy (logsumexp of the lexical logits),
  less the mean energy of held-out in-scope documents nearest the same label, is under its
  threshold (the highest that keeps the review share of in-scope calibration documents the
  lexical model was not trained on within 3% at its 95% upper bound) is held for review
  (benchmarks/open_set_eval.py measures it).
  A document with fewer distinct words the lexical model knows than the service setting
  `min_known_words` is held for review too: too little to classify (classifier/ml/evidence.py).
- Small classes (e.g. emergency reports) have few examples; expect lower recall there.
- Clinical note types overlap in content; a note's type is sometimes ambiguous.
"""
    (out / "MODEL_CARD.md").write_text(text, encoding="utf-8")


def _export_note(manifest: dict[str, Any]) -> str:
    if "[CLS] only" in str(manifest.get("export", "")):
        return " (the last layer computes [CLS] only: the same logits for a quarter of its work)"
    return ""
