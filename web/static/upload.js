"use strict";
// Sends the chosen file to the API and shows the result; no external assets.
document.getElementById("upload").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("result");
  out.textContent = "Processing…";
  const response = await fetch("/api/v1/documents", { method: "POST", body: new FormData(event.target) });
  const result = await response.json();
  out.replaceChildren();
  if (!response.ok) {
    const p = document.createElement("p");
    p.textContent = `Not processed: ${result.error ? result.error.reason : response.status}`;
    out.append(p);
    return;
  }
  const dl = document.createElement("dl");
  for (const key of ["label", "confidence", "sensitivity", "action"]) {
    const dt = document.createElement("dt"); dt.textContent = key;
    const dd = document.createElement("dd"); dd.textContent = result[key];
    dl.append(dt, dd);
  }
  const dt = document.createElement("dt"); dt.textContent = "findings";
  const dd = document.createElement("dd"); dd.textContent = result.findings.length;
  dl.append(dt, dd);
  const pre = document.createElement("pre");
  pre.textContent = result.redacted_text;
  out.append(dl, pre);
});
