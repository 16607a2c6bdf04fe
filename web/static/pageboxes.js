"use strict";
// The page view of a PDF or image for a reviewer: each page drawn by the server without boxes,
// each finding's redaction box over it as a toggle button (pressed: removed; the same state as
// the finding's checkbox in the list), the redacted page beside it. A missed box is drawn with
// the mouse (drag on the page) or entered with the keyboard (the form, in the page's own units,
// origin top left), with a type from the policy's list; it goes with the decision (`draw`) and
// the server makes it a finding over the text under it, or a painted region where there is none.
const PAGEBOXES = (() => {
  const { el, api } = CLF;
  const $ = (id) => document.getElementById(id);
  const MAX_PAGES = 20;
  let state = null; // {doc, sizes, width, drawn: [{page, box, entity_type, words}]}
  let shows = 0; // only the latest document opened is drawn

  const pct = (v, of) => `${(100 * v / of).toFixed(3)}%`;
  const pictureHeight = (size) => (size.height * state.width) / size.width;

  function place(node, box, size) {
    const h = pictureHeight(size);
    Object.assign(node.style, { left: pct(box[0], state.width), top: pct(box[1], h),
      width: pct(box[2] - box[0], state.width), height: pct(box[3] - box[1], h) });
    return node;
  }

  function checkbox(finding) { return $(`remove-${finding}`); }

  // the type written above a box, in its colour (entities.css); the box's name says it too
  function named(node, type) {
    const tag = el("span", { className: "swatch box-type" }, type);
    tag.dataset.entity = type;
    tag.setAttribute("aria-hidden", "true");
    node.append(tag);
    return node;
  }

  function sync() {
    document.querySelectorAll("#review-pages button.box-mark").forEach((b) => {
      const box = checkbox(b.dataset.finding);
      const removed = Boolean(box && box.checked);
      b.setAttribute("aria-pressed", String(removed));
      b.classList.toggle("removed", removed);
    });
  }

  function mark(item, box, size) {
    const label = `Remove the ${item.entity_type} box on page ${item.page}`;
    const b = place(el("button", { type: "button", className: "box-mark", title: label }), box, size);
    b.setAttribute("aria-label", label);
    b.dataset.finding = item.finding;
    b.dataset.entity = item.entity_type;
    b.addEventListener("click", () => { const c = checkbox(item.finding); if (c) { c.checked = !c.checked; sync(); } });
    return named(b, item.entity_type);
  }

  async function show(doc, count) {
    const view = $("review-pages");
    view.replaceChildren();
    state = null;
    $("draw-form").hidden = true;
    renderDrawn();
    view.hidden = count === 0;
    const seq = ++shows;
    if (!count) return;
    const r = await api(`/api/v1/documents/${doc.id}/boxes`);
    if (seq !== shows) return;
    if (!r.ok) { view.append(el("p", {}, `Cannot load the boxes (HTTP ${r.status}).`)); return; }
    state = { doc, sizes: r.body.pages, width: r.body.picture_width, drawn: [] };
    for (const size of state.sizes.slice(0, MAX_PAGES)) {
      const n = size.number;
      const img = el("img", { src: `/api/v1/documents/${doc.id}/pages/${n}?view=plain`, alt: `Page ${n}, original`, className: "page-original" });
      img.draggable = false;
      const frame = el("div", { className: "page-frame" }, img);
      frame.dataset.page = n;
      for (const item of r.body.boxes.filter((b) => b.page === n)) item.boxes.forEach((box) => frame.append(mark(item, box, size)));
      drawable(frame, img, n);
      const red = el("img", { src: `/api/v1/documents/${doc.id}/pages/${n}?view=redacted`, alt: `Page ${n}, redacted as the policy would`, className: "page-redacted", loading: "lazy" });
      view.append(
        el("figure", {}, frame, el("figcaption", {}, `Page ${n}: original. Press a box to remove it (again to keep it); drag over anything missed to draw a box.`)),
        el("figure", {}, red, el("figcaption", {}, `Page ${n}: redacted as held`)));
    }
    fillForm();
    sync();
  }

  // the mouse: drag a box on the original page
  function drawable(frame, img, page) {
    let origin = null;
    const rubber = el("div", { className: "rubber" });
    const at = (e) => { const r = frame.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    frame.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest("button")) return;
      origin = at(e);
      Object.assign(rubber.style, { left: `${origin[0]}px`, top: `${origin[1]}px`, width: "0", height: "0" });
      frame.append(rubber);
      frame.setPointerCapture(e.pointerId);
    });
    frame.addEventListener("pointermove", (e) => {
      if (!origin) return;
      const [x, y] = at(e);
      Object.assign(rubber.style, { left: `${Math.min(x, origin[0])}px`, top: `${Math.min(y, origin[1])}px`,
        width: `${Math.abs(x - origin[0])}px`, height: `${Math.abs(y - origin[1])}px` });
    });
    frame.addEventListener("pointerup", (e) => {
      if (!origin) return;
      const scale = state.width / img.clientWidth;
      const [x, y] = at(e);
      const box = [Math.min(x, origin[0]), Math.min(y, origin[1]), Math.max(x, origin[0]), Math.max(y, origin[1])].map((v) => Math.round(v * scale));
      origin = null;
      rubber.remove();
      if (box[2] - box[0] < 3 || box[3] - box[1] < 3) return;
      add(page, box);
    });
  }

  // the keyboard: the form, in the page's own units (points or pixels), origin top left
  function fillForm() {
    const pages = $("draw-page");
    pages.replaceChildren(...state.sizes.slice(0, MAX_PAGES).map((s) => el("option", { value: s.number }, `${s.number}`)));
    const first = state.sizes[0];
    const unit = first.unit === "pt" ? "points" : "pixels";
    $("draw-units").textContent = `In ${unit} from the top left corner; page 1 is ${Math.round(first.width)} × ${Math.round(first.height)}.`;
    $("draw-form").hidden = false;
  }

  function addFromForm() {
    if (!state) return;
    const size = state.sizes.find((s) => s.number === Number($("draw-page").value));
    const [x, y, w, h] = ["draw-x", "draw-y", "draw-w", "draw-h"].map((id) => Number($(id).value));
    if (!size || !(w > 0) || !(h > 0) || x < 0 || y < 0 || x + w > size.width || y + h > size.height) {
      $("review-outcome").textContent = "Give a box inside the page: left, top, width and height.";
      return;
    }
    const f = state.width / size.width;
    add(size.number, [x * f, y * f, (x + w) * f, (y + h) * f].map((v) => Math.round(v * 10) / 10));
  }

  async function add(page, box) {
    const item = { page, box, entity_type: $("draw-type").value, words: null };
    state.drawn.push(item);
    renderDrawn();
    const r = await api(`/api/v1/documents/${state.doc.id}/pages/${page}/span?box=${box.join(",")}`);
    item.words = r.ok ? r.body.text : "";
    renderDrawn();
    $("review-outcome").textContent = item.words
      ? `Box drawn on page ${page} as ${item.entity_type}, over “${item.words}”: that text becomes a finding.`
      : `Box drawn on page ${page} as ${item.entity_type}: no text under it, the region will be painted over.`;
  }

  function renderDrawn() {
    const list = $("drawn-boxes");
    list.replaceChildren();
    document.querySelectorAll("#review-pages .drawn-box").forEach((n) => n.remove());
    if (!state) return;
    state.drawn.forEach((item, i) => {
      const size = state.sizes.find((s) => s.number === item.page);
      const frame = document.querySelector(`#review-pages .page-frame[data-page="${item.page}"]`);
      if (frame) {
        const shape = place(el("div", { className: "drawn-box" }), item.box, size);
        shape.dataset.entity = item.entity_type;
        shape.setAttribute("aria-hidden", "true");
        frame.append(named(shape, item.entity_type));
      }
      const what = item.words === null ? "…" : item.words ? `over “${item.words}”` : "no text: a painted region";
      const remove = el("button", { type: "button", className: "remove-drawn" }, `Remove the drawn ${item.entity_type} box on page ${item.page} (${what})`);
      remove.addEventListener("click", () => { state.drawn.splice(i, 1); renderDrawn(); });
      list.append(el("li", {}, remove));
    });
  }

  $("review-findings").addEventListener("change", sync);
  $("draw-add").addEventListener("click", addFromForm);
  return {
    show,
    drawn: () => (state ? state.drawn.map(({ page, box, entity_type }) => ({ page, box, entity_type })) : []),
  };
})();
