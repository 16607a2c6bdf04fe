"use strict";
// Many files by drag and drop or the file picker; one card per file with upload progress, then
// label, confidence, sensitivity, action, highlighted findings (reviewers and admins, who may
// read originals) or the redacted text (submitters), and downloads.
(() => {
  const { el } = CLF;
  const form = document.getElementById("upload");
  const input = document.getElementById("file");
  const zone = document.getElementById("dropzone");
  const results = document.getElementById("results");

  function send(file) {
    const card = el("article", { className: "card" }, el("h2", {}, file.name));
    const progress = el("progress", { max: 100, value: 0 });
    progress.setAttribute("aria-label", `Upload of ${file.name}`);
    const status = el("p", { className: "status" }, "Uploading…");
    card.append(progress, status);
    results.append(card);
    const data = new FormData();
    data.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/documents");
    xhr.setRequestHeader("X-CSRF-Token", CLF.csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total); };
    xhr.upload.onload = () => { progress.value = 100; status.textContent = "Processing…"; };
    xhr.onerror = () => { status.textContent = "Upload failed (network)."; };
    xhr.onload = () => show(card, status, xhr.status, xhr.response || {});
    xhr.send(data);
  }

  async function show(card, status, code, result) {
    if (code !== 200) {
      const reason = result.error ? result.error.reason : `HTTP ${code}`;
      status.textContent = `Not processed: ${reason}`;
      card.classList.add("failed");
      return;
    }
    status.textContent = "Done.";
    card.dataset.id = result.id;
    card.append(CLF.facts(result));
    const text = el("pre", { className: "text", tabIndex: 0 });
    if (CLF.canSeeOriginals) {
      const r = await CLF.api(`/api/v1/documents/${result.id}/text`);
      if (r.ok) {
        text.setAttribute("aria-label", "Extracted text with findings highlighted");
        card.append(CLF.highlight(text, r.body.text, r.body.findings));
      }
    } else {
      text.setAttribute("aria-label", "Redacted text");
      text.textContent = result.redacted_text;
    }
    const downloads = el("p", { className: "downloads" });
    const json = el("a", { href: `/api/v1/documents/${result.id}`, download: `${result.filename}.json` }, "Download JSON result");
    downloads.append(json);
    if (result.action === "redact" || result.action === "pass") {
      downloads.append(" · ", el("a", { href: `/api/v1/documents/${result.id}/redacted-document`, className: "download-document" }, "Download redacted document"));
      downloads.append(" · ", el("a", { href: `/api/v1/documents/${result.id}/redacted`, className: "download-redacted" }, "Download redacted text"));
    } else {
      downloads.append(` · ${result.action === "review" ? "Held for review" : "Blocked"}: no redacted file yet`);
    }
    downloads.append(" · ", el("a", { href: `/documents/${result.id}`, className: "document-page" }, "Document page and history"));
    card.append(text, downloads);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const file of input.files) send(file);
    form.reset();
  });
  input.addEventListener("change", () => { if (input.files.length) form.requestSubmit(); });
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  for (const type of ["dragenter", "dragover"]) zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    for (const file of e.dataTransfer.files) send(file);
  });
})();
