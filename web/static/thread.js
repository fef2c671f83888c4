// Live thread. A stream of server-sent events (…/berichten/stroom) says only
// that the thread changed; the list of messages (#berichten) is then fetched
// from the page itself and swapped in, leaving the composer as it is. No
// inline script: the page's CSP allows only files like this one.
(function () {
  "use strict";
  const list = document.getElementById("berichten");
  if (!list || !window.EventSource || !list.dataset.stroom) return;
  let busy = false;
  let again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        const doc = new DOMParser().parseFromString(html, "text/html");
        const fresh = doc.getElementById("berichten");
        const current = document.getElementById("berichten");
        if (fresh && current) current.replaceWith(fresh);
      })
      .catch(function () {})
      .finally(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }
  const source = new EventSource(list.dataset.stroom);
  source.addEventListener("bericht", refresh);
  source.addEventListener("einde", function () { source.close(); });
})();
