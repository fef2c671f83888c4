// The installable web app: registers the service worker (/sw.js, which
// keeps only the static shell), and on the account page turns on push
// notifications for this device. No inline script: the CSP allows files only.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }

  const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)), (c) => c.charCodeAt(0));

  function show(message) {
    const out = document.getElementById("push-status");
    if (out) out.textContent = message;
  }

  async function send(sub, name) {
    const json = sub.toJSON();
    const res = await fetch("/account/meldingen", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ naam: name, endpoint: json.endpoint, keys: json.keys }),
    });
    const data = await res.json().catch(() => ({}));
    return { status: res.status, data };
  }

  async function subscribe(reg, key) {
    return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: unb64(key) });
  }

  async function turnOn(button) {
    const name = document.getElementById("push-naam").value.trim();
    if (await Notification.requestPermission() !== "granted") {
      show("U heeft meldingen voor deze site niet toegestaan. Sta ze toe in de instellingen van uw browser en probeer het opnieuw.");
      return;
    }
    const reg = await navigator.serviceWorker.ready;
    let sub = await reg.pushManager.getSubscription();
    if (!sub) {
      sub = await subscribe(reg, button.dataset.key);
    }
    let answer = await send(sub, name);
    if (answer.status === 409) {
      // This browser's subscription belongs to another account: a fresh one.
      await sub.unsubscribe();
      answer = await send(await subscribe(reg, button.dataset.key), name);
    }
    if (answer.status !== 200) throw new Error(answer.data.fout || "Er ging iets mis.");
    location.assign(answer.data.naar);
  }

  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-push]");
    if (!button) return;
    e.preventDefault();
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      show("Deze browser kan geen pushmeldingen ontvangen. Op een iPhone of iPad: zet VIOS eerst op uw beginscherm.");
      return;
    }
    show("Volg de aanwijzingen van uw browser…");
    turnOn(button).catch((err) => show(err.message || "Er ging iets mis."));
  });
})();
