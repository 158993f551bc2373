// zohoaep console: a little plain JavaScript on top of server-rendered
// pages. Everything works without it except live updates and loading a
// journal entry's detail when its row is opened.
"use strict";

(function () {
  const every = 1500; // ms between polls

  // Buttons that ask first (revoke).
  document.addEventListener("click", function (ev) {
    const b = ev.target.closest("[data-confirm]");
    if (b && !window.confirm(b.dataset.confirm)) ev.preventDefault();
    const back = ev.target.closest(".js-back");
    if (back) { ev.preventDefault(); history.back(); }
  });

  async function fetchHTML(url) {
    const resp = await fetch(url, { headers: { "Accept": "text/html" }, cache: "no-store" });
    return { ok: resp.ok, text: await resp.text() };
  }

  // The header's virtual clock moves with wall time unless frozen.
  const clock = document.getElementById("clock");
  if (clock && clock.dataset.frozen !== "true") {
    const shown = document.getElementById("clock-now");
    const offset = Number(clock.dataset.now) - Date.now();
    setInterval(function () {
      shown.textContent = new Date(Date.now() + offset).toISOString().slice(0, 19).replace("T", " ");
    }, 1000);
  }

  // Journal rows: the detail is fetched when a row is first opened.
  document.addEventListener("toggle", async function (ev) {
    const d = ev.target;
    if (!(d instanceof HTMLDetailsElement) || !d.open || d.dataset.loaded) return;
    d.dataset.loaded = "1";
    const box = d.querySelector(".detail");
    try {
      const r = await fetchHTML(document.getElementById("journal").dataset.entry + d.dataset.seq);
      box.innerHTML = r.text;
    } catch (e) {
      box.textContent = "Could not load the entry: " + e;
      delete d.dataset.loaded;
    }
  }, true);

  // Journal: new rows arrive on top while "live" is on.
  const journal = document.getElementById("journal");
  if (journal) {
    const rows = document.getElementById("journal-rows");
    const live = document.getElementById("live");
    let last = journal.dataset.last;
    let busy = false;
    setInterval(async function () {
      if (!live.checked || busy || document.hidden) return;
      busy = true;
      try {
        const r = await fetchHTML(journal.dataset.rows + "&after=" + encodeURIComponent(last));
        if (!r.ok) return;
        const t = document.createElement("template");
        t.innerHTML = r.text;
        const mark = t.content.querySelector(".journal-last");
        if (mark) { last = mark.dataset.last; mark.remove(); }
        const fresh = t.content.querySelectorAll("details.entry");
        fresh.forEach(function (el) { el.classList.add("fresh"); });
        if (fresh.length) {
          rows.prepend(t.content);
          const empty = document.getElementById("journal-empty");
          if (empty) empty.remove();
        }
      } finally { busy = false; }
    }, every);
  }

  // A dataflow's runs: the table is fetched again when they change (the
  // server answers 204 while they are those of version v).
  const runs = document.getElementById("runs");
  if (runs) {
    const version = function () {
      const m = runs.querySelector(".runs-v");
      return m ? m.dataset.v : "";
    };
    setInterval(async function () {
      if (document.hidden) return;
      const resp = await fetch(runs.dataset.src + "&v=" + encodeURIComponent(version()), { cache: "no-store" });
      if (resp.status === 200) runs.innerHTML = await resp.text();
    }, every);
  }
})();
