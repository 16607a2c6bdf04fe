"use strict";
// Reviewer assignment in the review queue: who each held document is assigned to, as a choice
// per row (an account that may review, or nobody), and the "Assigned" filter (mine,
// unassigned, an account). Each change is audited by the server; the lock is separate.
const ASSIGN = (() => {
  const { el, api } = CLF;
  const $ = (id) => document.getElementById(id);
  let reviewers = [];
  const name = (id) => (id || "").replace(/^user:/, "");

  async function load() {
    const r = await api("/api/v1/reviewers");
    reviewers = r.ok ? r.body.reviewers : [];
    const filter = $("q-assignee");
    const keep = filter.value;
    filter.replaceChildren(
      el("option", { value: "" }, "anyone or nobody"), el("option", { value: "mine" }, "me"),
      el("option", { value: "unassigned" }, "nobody"),
      ...reviewers.map((id) => el("option", { value: id }, name(id))));
    filter.value = keep;
  }

  // the row's cell: a labelled choice of assignee; `changed(message)` reloads the queue
  function cell(doc, i, changed) {
    const id = `assign-${i}`;
    const choice = el("select", { id, className: "assignee" },
      el("option", { value: "" }, "nobody"),
      ...reviewers.map((r) => el("option", { value: r }, name(r))));
    choice.value = doc.assigned_to || "";
    choice.dataset.id = doc.id;
    choice.addEventListener("change", async () => {
      const who = choice.value || null;
      const r = await api(`/api/v1/review/${doc.id}/assignee`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ assignee: who }) });
      const done = who ? `${doc.filename} assigned to ${name(who)}.` : `${doc.filename} unassigned.`;
      changed(r.ok ? done : `Not assigned: ${r.body.error ? r.body.error.detail : r.status}`);
    });
    return el("td", {}, el("label", { htmlFor: id, className: "visually-hidden" }, `Assign ${doc.filename} to`), choice);
  }

  return { load, cell };
})();
