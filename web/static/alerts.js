// Live acute alerts. On every page of a logged-in user a stream of
// server-sent events (/alerts/stroom) tells about the alerts to and from
// them: a recipient who has not yet acknowledged an alert sees a banner in
// the live region #alert-banner, and on an alert's own page the table of
// recipients follows who has seen it. The events carry no text and no
// names; the table is fetched from the page itself. No inline script: the
// page's CSP allows only files like this one.
(function () {
  "use strict";
  const banner = document.getElementById("alert-banner");
  if (!banner || !window.EventSource) return;
  const shown = new Map(); // alert id → its line in the banner
  let refreshing = false;
  let again = false;

  // here is the alert whose page this is, "" elsewhere.
  function here() {
    const table = document.getElementById("ontvangers");
    return table ? table.dataset.alert : "";
  }

  function show(a) {
    const wanted = a.voorMij && a.id !== here();
    const line = shown.get(a.id);
    if (wanted && !line) {
      const box = document.createElement("div");
      box.className = "utrecht-alert utrecht-alert--error";
      const p = document.createElement("p");
      p.className = "utrecht-paragraph";
      const link = document.createElement("a");
      link.className = "utrecht-link";
      link.href = a.adres;
      link.textContent = "Nieuw acuut alert " + a.code + " — bekijken";
      p.appendChild(link);
      box.appendChild(p);
      banner.appendChild(box);
      shown.set(a.id, box);
    } else if (!wanted && line) {
      line.remove();
      shown.delete(a.id);
    }
  }

  // refresh replaces the recipients table and the status line with those
  // of the page as the server shows it now.
  async function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      const res = await fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (res.ok) {
        const fresh = new DOMParser().parseFromString(await res.text(), "text/html");
        for (const id of ["ontvangers", "alert-status"]) {
          const now = document.getElementById(id);
          const next = fresh.getElementById(id);
          if (now && next) now.replaceWith(document.importNode(next, true));
        }
      }
    } catch (e) {
      // The next event tries again.
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  function listen() {
    const source = new EventSource("/alerts/stroom");
    source.addEventListener("alert", (e) => {
      let a;
      try {
        a = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      show(a);
      const table = document.getElementById("ontvangers");
      if (table && a.id === table.dataset.alert && a.stand !== table.dataset.stand) refresh();
    });
    return source;
  }

  let source = listen();
  // Leaving the page closes the stream at once, so the server lets go; a
  // page brought back from the browser's cache listens again.
  window.addEventListener("pagehide", () => source.close());
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) source = listen();
  });
})();
