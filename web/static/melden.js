// The quick signal form (/signalen/{gemeente}/melden). A suggestion the
// reporter ticks moves to the chosen pupils, so the next search keeps it.
// The form is sent with fetch: when the connection is gone, the draft stays
// in this open page only (never localStorage: on a shared device it would
// outlive the page), a live region says so, and it is sent again when the
// connection returns. The form's one-time key makes the server store it
// once, however often it arrives. No inline script: the CSP allows only
// files like this one.
(function () {
  "use strict";
  const retryAfter = 5000; // ms between tries while the connection is gone
  let draft = null; // the form's data waiting for the connection
  let timer = 0;
  let sending = false;

  function form() {
    return document.querySelector("form[data-melden]");
  }

  function say(text) {
    const status = document.getElementById("melden-status");
    if (status) status.textContent = text;
  }

  // A ticked suggestion joins the chosen pupils; the search starts over.
  document.addEventListener("change", function (e) {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || box.name !== "leerling" || !box.closest("#suggesties") || !box.checked) return;
    const chosen = document.getElementById("gekozen");
    const item = box.closest(".quick-pupil");
    if (!chosen || !item) return;
    chosen.appendChild(item);
    const search = document.getElementById("zoek-leerling");
    if (search) search.value = "";
    const list = document.getElementById("suggesties");
    if (list) list.textContent = "";
    say("Leerling toegevoegd.");
  });

  // Enter in the search field searches; it does not send the signal.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target instanceof HTMLElement && e.target.id === "zoek-leerling") e.preventDefault();
  });

  document.addEventListener("submit", function (e) {
    const f = e.target;
    if (!(f instanceof HTMLFormElement) || !f.matches("form[data-melden]")) return;
    e.preventDefault();
    if (sending) return;
    draft = new URLSearchParams(new FormData(f));
    send();
  });

  window.addEventListener("online", function () {
    if (draft) send();
  });

  function keep() {
    say("Geen verbinding. Uw melding is bewaard in deze pagina (niet op het apparaat) en wordt verstuurd zodra er weer verbinding is. Sluit deze pagina niet.");
    clearTimeout(timer);
    timer = setTimeout(function () { if (draft) send(); }, retryAfter);
  }

  function send() {
    const f = form();
    if (!f || !draft || sending) return;
    clearTimeout(timer);
    if (navigator.onLine === false) {
      keep();
      return;
    }
    sending = true;
    say("Bezig met versturen…");
    fetch(f.action, { method: "POST", body: draft, credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (res) {
        sending = false;
        const target = res.headers.get("HX-Redirect");
        if (res.ok && target) {
          draft = null;
          say("Verstuurd.");
          window.location.assign(target);
          return;
        }
        if (res.status === 502 || res.status === 503 || res.status === 504) {
          keep(); // a gateway without the server behind it: as good as offline
          return;
        }
        if (res.redirected) {
          // Logged out meanwhile: the login page, after which the form
          // must be filled in again.
          draft = null;
          window.location.assign(res.url);
          return;
        }
        return res.text().then(function (html) {
          draft = null;
          show(html);
        });
      })
      .catch(function () {
        sending = false;
        keep();
      });
  }

  // show puts the server's answer (the form with what to correct, or an
  // error page) in place of the page's content.
  function show(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const next = doc.getElementById("inhoud");
    const here = document.getElementById("inhoud");
    if (!next || !here) {
      say("Er ging iets mis. Probeer het nog eens.");
      return;
    }
    for (const s of next.querySelectorAll("script")) s.remove();
    here.replaceWith(next);
    document.title = doc.title;
    if (window.htmx) window.htmx.process(next);
    next.focus();
  }
})();
