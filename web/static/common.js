"use strict";
// Shared helpers: CSRF header, JSON fetch, findings highlighted by entity type with a legend.
const CLF = (() => {
  const meta = (name) => { const m = document.querySelector(`meta[name="${name}"]`); return m ? m.content : ""; };
  const csrf = meta("csrf-token");
  const role = meta("role");
  // Colours come from /entities.css, one fixed colour per entity type ([data-entity]).
  const classFor = () => "ent";
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  };
  async function api(url, options = {}) {
    const headers = Object.assign({ "X-CSRF-Token": csrf }, options.headers || {});
    const response = await fetch(url, Object.assign({}, options, { headers, credentials: "same-origin" }));
    const type = response.headers.get("Content-Type") || "";
    const body = type.includes("json") ? await response.json() : await response.text();
    return { ok: response.ok, status: response.status, body };
  }
  // Fill `target` with `text`, each finding wrapped in <mark>; return a legend element.
  function highlight(target, text, findings) {
    target.replaceChildren();
    let cursor = 0;
    const counts = new Map();
    for (const f of [...findings].sort((a, b) => a.start - b.start)) {
      if (f.start < cursor) continue;
      target.append(text.slice(cursor, f.start));
      const mark = el("mark", { className: classFor(f.entity_type) }, text.slice(f.start, f.end));
      mark.dataset.entity = f.entity_type; // the type is written after it (CSS ::after)
      target.append(mark);
      cursor = f.end;
      counts.set(f.entity_type, (counts.get(f.entity_type) || 0) + 1);
    }
    target.append(text.slice(cursor));
    const legend = el("ul", { className: "legend" });
    for (const [type, n] of [...counts].sort()) {
      const swatch = el("span", { className: "swatch" }, type);
      swatch.dataset.entity = type;
      legend.append(el("li", {}, swatch, ` ${n}`));
    }
    return legend;
  }
  function facts(result) {
    const dl = el("dl", { className: "facts" });
    const rows = [
      ["Label", result.label], ["Confidence", Number(result.confidence).toFixed(3)],
      ["Sensitivity", result.sensitivity], ["Action", result.action],
      ["Findings", (result.findings || []).length],
    ];
    for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", { className: `fact-${k.toLowerCase()}` }, String(v)));
    return dl;
  }
  return { api, csrf, role, el, highlight, facts, canSeeOriginals: role === "reviewer" || role === "admin" };
})();
