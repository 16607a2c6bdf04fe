"use strict";
// The review queue: open a held document, see its findings highlighted, remove false ones, add
// missed spans (typed offsets, or the text selected in the view), correct the label, then
// release or block. Every decision is audited by the server.
(() => {
  const { el, api } = CLF;
  const $ = (id) => document.getElementById(id);
  let current = null;
  let added = [];

  async function loadQueue() {
    const r = await api("/api/v1/review");
    const queue = $("queue");
    queue.replaceChildren();
    if (!r.ok) { $("queue-status").textContent = `Cannot load the queue (HTTP ${r.status}).`; return; }
    $("queue-status").textContent = `${r.body.documents.length} document(s) waiting for review.`;
    for (const doc of r.body.documents) {
      const button = el("button", { type: "button", className: "open" }, `Review ${doc.filename}`);
      button.addEventListener("click", () => open(doc));
      queue.append(el("li", {}, button, ` ${doc.label} (${Number(doc.confidence).toFixed(2)}), ${doc.sensitivity}`));
    }
  }

  async function open(doc) {
    const r = await api(`/api/v1/documents/${doc.id}/text`);
    if (!r.ok) { $("review-outcome").textContent = `Cannot open (HTTP ${r.status}).`; return; }
    current = { id: doc.id, text: r.body.text, findings: r.body.findings };
    added = [];
    $("review-title").textContent = doc.filename;
    $("review-facts").replaceChildren(...CLF.facts({ ...doc, findings: r.body.findings }).childNodes);
    $("review-legend").replaceChildren(CLF.highlight($("review-text"), current.text, current.findings));
    const list = $("review-findings");
    list.replaceChildren();
    current.findings.forEach((f, i) => {
      const box = el("input", { type: "checkbox", id: `remove-${i}`, className: "remove" });
      box.dataset.start = f.start; box.dataset.end = f.end;
      const label = el("label", { htmlFor: `remove-${i}` }, `${f.entity_type} at ${f.start}–${f.end}: “${current.text.slice(f.start, f.end)}”`);
      list.append(el("li", {}, box, " ", label));
    });
    $("added-spans").replaceChildren();
    $("review-label").value = doc.label;
    $("review-outcome").textContent = "";
    $("review-panel").hidden = false;
    $("review-text").focus();
  }

  $("use-selection").addEventListener("click", () => {
    const sel = window.getSelection();
    const view = $("review-text");
    if (!sel.rangeCount || !view.contains(sel.anchorNode)) return;
    const range = sel.getRangeAt(0);
    const pre = document.createRange();
    pre.selectNodeContents(view);
    pre.setEnd(range.startContainer, range.startOffset);
    const start = pre.toString().length;
    $("add-start").value = start;
    $("add-end").value = start + range.toString().length;
  });

  $("add-span").addEventListener("click", () => {
    const span = { start: Number($("add-start").value), end: Number($("add-end").value), entity_type: $("add-type").value.trim().toUpperCase() };
    if (!current || !(span.end > span.start) || span.end > current.text.length) { $("review-outcome").textContent = "Give a start and end inside the text."; return; }
    added.push(span);
    $("added-spans").append(el("li", {}, `${span.entity_type} at ${span.start}–${span.end}`));
    current.findings = [...current.findings, span];
    $("review-legend").replaceChildren(CLF.highlight($("review-text"), current.text, current.findings));
  });

  $("review-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const decision = event.submitter ? event.submitter.value : "release";
    const remove = [...document.querySelectorAll("#review-findings input.remove:checked")]
      .map((b) => ({ start: Number(b.dataset.start), end: Number(b.dataset.end) }));
    const body = { decision, label: $("review-label").value, add: added, remove };
    const r = await api(`/api/v1/review/${current.id}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const detail = r.ok ? `${decision === "release" ? "Released" : "Blocked"}.` : `Not saved: ${r.body.error ? r.body.error.detail : r.status}`;
    $("review-outcome").textContent = detail;
    if (r.ok) { $("review-panel").hidden = true; current = null; await loadQueue(); $("queue-status").textContent = `${detail} ${$("queue-status").textContent}`; }
  });

  loadQueue();
})();
