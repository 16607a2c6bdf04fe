"use strict";
// The review queue: triage (why held, sender, age, who has it open, who it is assigned to;
// sort and filter), bulk release or block with a reason, and one document at a time: its lock,
// its findings highlighted, false ones removed, missed spans added (types from the policy's
// list; an added span can be removed again), boxes on PDF and image pages accepted, removed or
// drawn (pageboxes.js), the label corrected, then release or block (with a reason). Every
// decision is audited by the server. Keyboard: see the shortcuts line of the page.
(() => {
  const { el, api } = CLF;
  const $ = (id) => document.getElementById(id);
  let current = null;
  let added = [];
  let docs = [];
  let loads = 0; // only the latest queue request is drawn

  const minutes = (s) => (s < 3600 ? `${Math.floor(s / 60)} min` : s < 172800 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86400)} days`);

  // "Clinical documents carry PHI (HIPAA)." + "; " reads ".;": one stop between reasons
  const reasonsText = (reasons) => reasons.map((r) => r.replace(/[.;\s]+$/, "")).join("; ");

  function fillChoices(select, values) {
    const keep = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...values.map((v) => el("option", { value: v }, v)));
    select.value = values.includes(keep) ? keep : "";
  }

  async function loadQueue() {
    const params = new URLSearchParams();
    for (const name of ["sort", "label", "reason", "sender", "assignee"]) {
      const v = $(`q-${name}`).value;
      if (v) params.set(name, v);
    }
    const seq = ++loads;
    const r = await api(`/api/v1/review?${params}`);
    if (seq !== loads) return;
    const queue = $("queue");
    queue.replaceChildren();
    if (!r.ok) { $("queue-status").textContent = `Cannot load the queue (HTTP ${r.status}).`; return; }
    docs = r.body.documents;
    $("queue-status").textContent = `${docs.length} document(s) waiting for review.`;
    if (!params.toString()) {
      fillChoices($("q-reason"), [...new Set(docs.flatMap((d) => d.rule_ids))].sort());
      fillChoices($("q-sender"), [...new Set(docs.map((d) => d.sender))].sort());
    }
    docs.forEach((doc, i) => queue.append(row(doc, i)));
  }

  function row(doc, i) {
    const pick = el("input", { type: "checkbox", className: "pick", id: `pick-${i}` });
    pick.dataset.id = doc.id;
    const pickLabel = el("label", { htmlFor: `pick-${i}`, className: "visually-hidden" }, `Select ${doc.filename}`);
    const button = el("button", { type: "button", className: "open" }, `Review ${doc.filename}`);
    button.addEventListener("click", () => open(doc));
    const lock = doc.locked_by ? el("span", { className: "locked" }, `open by ${doc.locked_by}`) : "";
    const tr = el("tr", {},
      el("td", {}, pick, pickLabel), el("td", {}, button),
      el("td", {}, reasonsText(doc.reasons)), el("td", {}, doc.sender),
      el("td", {}, minutes(doc.age_seconds)),
      el("td", {}, `${doc.label} (${Number(doc.confidence).toFixed(2)})`), el("td", {}, lock),
      ASSIGN.cell(doc, i, async (message) => { await loadQueue(); $("queue-status").textContent = `${message} ${$("queue-status").textContent}`; }));
    tr.dataset.id = doc.id;
    return tr;
  }

  async function open(doc) {
    if (current && current.id !== doc.id) await close();
    const locked = await api(`/api/v1/review/${doc.id}/lock`, { method: "POST" });
    if (!locked.ok) {
      await loadQueue();
      $("queue-status").textContent = `Cannot open ${doc.filename}: ${locked.body.error ? locked.body.error.detail : locked.status}.`;
      return;
    }
    const r = await api(`/api/v1/documents/${doc.id}/text`);
    if (!r.ok) { $("review-outcome").textContent = `Cannot open (HTTP ${r.status}).`; return; }
    current = { id: doc.id, text: r.body.text, findings: r.body.findings, doc };
    added = [];
    $("review-title").textContent = doc.filename;
    $("review-facts").replaceChildren(...CLF.facts({ ...doc, findings: r.body.findings }).childNodes);
    $("review-reasons").textContent = `Held because: ${reasonsText(doc.reasons)}. Sent by ${doc.sender}, ${minutes(doc.age_seconds)} ago.`;
    renderText();
    const list = $("review-findings");
    list.replaceChildren();
    current.findings.forEach((f, i) => {
      const box = el("input", { type: "checkbox", id: `remove-${i}`, className: "remove" });
      box.dataset.start = f.start; box.dataset.end = f.end;
      const label = el("label", { htmlFor: `remove-${i}` }, `${f.entity_type}: “${current.text.slice(f.start, f.end)}”`);
      list.append(el("li", {}, box, " ", label));
    });
    renderAdded();
    $("review-label").value = doc.label;
    $("review-reason").value = "";
    $("review-outcome").textContent = "";
    $("review-panel").hidden = false;
    PAGEBOXES.show(doc, r.body.pages || 0);
    $("review-text").focus();
    history.replaceState(null, "", `#${doc.id}`);
  }

  async function close() {
    if (!current) return;
    await api(`/api/v1/review/${current.id}/lock`, { method: "DELETE" });
    current = null;
    $("review-panel").hidden = true;
    history.replaceState(null, "", location.pathname);
  }

  function renderText() {
    $("review-legend").replaceChildren(CLF.highlight($("review-text"), current.text, [...current.findings, ...added]));
  }

  function renderAdded() {
    const list = $("added-spans");
    list.replaceChildren();
    added.forEach((span, i) => {
      const remove = el("button", { type: "button", className: "remove-added" }, `Remove ${span.entity_type} “${current.text.slice(span.start, span.end)}”`);
      remove.addEventListener("click", () => { added.splice(i, 1); renderAdded(); renderText(); });
      list.append(el("li", {}, remove));
    });
  }

  function useSelection() {
    const sel = window.getSelection();
    const view = $("review-text");
    if (!sel.rangeCount || !view.contains(sel.anchorNode)) return;
    const range = sel.getRangeAt(0);
    const pre = document.createRange();
    pre.selectNodeContents(view);
    pre.setEnd(range.startContainer, range.startOffset);
    const start = pre.toString().length; // the types written after highlights are CSS, not text
    $("add-start").value = start;
    $("add-end").value = start + range.toString().length;
  }

  function addSpan() {
    const span = { start: Number($("add-start").value), end: Number($("add-end").value), entity_type: $("add-type").value };
    if (!current || !(span.end > span.start) || span.end > current.text.length) { $("review-outcome").textContent = "Give a start and end inside the text."; return; }
    added.push(span);
    renderAdded();
    renderText();
  }

  async function decide(decision) {
    if (!current) return;
    const reason = $("review-reason").value.trim();
    if (decision === "block" && !reason) { $("review-outcome").textContent = "Give a reason to block."; $("review-reason").focus(); return; }
    const remove = [...document.querySelectorAll("#review-findings input.remove:checked")]
      .map((b) => ({ start: Number(b.dataset.start), end: Number(b.dataset.end) }));
    const body = { decision, label: $("review-label").value, add: added, remove, reason, draw: PAGEBOXES.drawn() };
    const r = await api(`/api/v1/review/${current.id}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const detail = r.ok ? `${decision === "release" ? "Released" : "Blocked"}.` : `Not saved: ${r.body.error ? r.body.error.detail : r.status}`;
    $("review-outcome").textContent = detail;
    if (r.ok) {
      current = null;
      $("review-panel").hidden = true;
      history.replaceState(null, "", location.pathname);
      await loadQueue();
      $("queue-status").textContent = `${detail} ${$("queue-status").textContent}`;
    }
  }

  async function bulk(decision) {
    const ids = [...document.querySelectorAll("#queue input.pick:checked")].map((b) => b.dataset.id);
    const reason = $("bulk-reason").value.trim();
    if (!ids.length || !reason) { $("queue-status").textContent = "Select documents and give a reason."; return; }
    const r = await api("/api/v1/review/bulk", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ids, decision, reason }) });
    const done = r.ok ? r.body.results.filter((x) => x.status === 200).length : 0;
    await loadQueue();
    $("queue-status").textContent = `${decision === "release" ? "Released" : "Blocked"} ${done} of ${ids.length}. ${$("queue-status").textContent}`;
  }

  function step(by) {
    if (!docs.length) return;
    const at = current ? docs.findIndex((d) => d.id === current.id) : -1;
    open(docs[Math.min(docs.length - 1, Math.max(0, at + by))]);
  }

  $("use-selection").addEventListener("click", useSelection);
  $("add-span").addEventListener("click", addSpan);
  $("close-review").addEventListener("click", close);
  $("review-form").addEventListener("submit", (event) => { event.preventDefault(); decide(event.submitter ? event.submitter.value : "release"); });
  $("bulk-form").addEventListener("submit", (event) => { event.preventDefault(); bulk(event.submitter ? event.submitter.value : "release"); });
  $("queue-filters").addEventListener("change", loadQueue);
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input:not([type=checkbox]), textarea, select")) return;
    const keys = {
      j: () => step(1), k: () => step(-1), r: () => decide("release"), b: () => decide("block"),
      s: () => { useSelection(); $("add-type").focus(); }, Escape: close,
      x: () => { if (e.target.matches("input.remove, button.box-mark")) e.target.click(); },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  ASSIGN.load().then(loadQueue).then(() => {
    const wanted = location.hash.slice(1);
    const doc = docs.find((d) => d.id === wanted);
    if (doc) open(doc);
  });
})();
