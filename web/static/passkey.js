// Passkeys: the browser side of the WebAuthn ceremonies. Buttons with
// data-passkey="register" or "login" start one; the server keeps the
// challenge. No inline script: the page's CSP allows only this file.
(function () {
  "use strict";
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)), (c) => c.charCodeAt(0));

  async function post(url, body) {
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : "{}", credentials: "same-origin" });
    const data = await res.json();
    if (!res.ok) throw new Error(data.fout || "Er ging iets mis.");
    return data;
  }

  function show(button, message) {
    const out = document.getElementById(button.dataset.status);
    if (out) out.textContent = message;
  }

  async function register(button) {
    const name = document.getElementById("passkey-naam").value.trim();
    const options = await post("/account/passkeys/begin");
    const pk = options.publicKey;
    pk.challenge = unb64(pk.challenge);
    pk.user.id = unb64(pk.user.id);
    (pk.excludeCredentials || []).forEach((c) => { c.id = unb64(c.id); });
    const cred = await navigator.credentials.create({ publicKey: pk });
    const answer = await post("/account/passkeys/finish?naam=" + encodeURIComponent(name), {
      id: cred.id, rawId: b64(cred.rawId), type: cred.type,
      response: { attestationObject: b64(cred.response.attestationObject), clientDataJSON: b64(cred.response.clientDataJSON),
        transports: cred.response.getTransports ? cred.response.getTransports() : [] },
    });
    location.assign(answer.naar);
  }

  // login runs the login ceremony under base: after the password
  // (/inloggen/passkey) or on the user's own device (/inloggen/apparaat).
  async function login(base) {
    const options = await post(base + "/begin");
    const pk = options.publicKey;
    pk.challenge = unb64(pk.challenge);
    (pk.allowCredentials || []).forEach((c) => { c.id = unb64(c.id); });
    const cred = await navigator.credentials.get({ publicKey: pk });
    const answer = await post(base + "/finish", {
      id: cred.id, rawId: b64(cred.rawId), type: cred.type,
      response: { authenticatorData: b64(cred.response.authenticatorData), clientDataJSON: b64(cred.response.clientDataJSON),
        signature: b64(cred.response.signature), userHandle: cred.response.userHandle ? b64(cred.response.userHandle) : null },
    });
    location.assign(answer.naar);
  }

  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-passkey]");
    if (!button) return;
    e.preventDefault();
    if (!window.PublicKeyCredential) { show(button, "Deze browser ondersteunt geen passkeys."); return; }
    show(button, "Volg de aanwijzingen van uw browser of apparaat…");
    (button.dataset.passkey === "register" ? register(button) : login(button.dataset.passkey === "device" ? "/inloggen/apparaat" : "/inloggen/passkey")).catch((err) => show(button, err.message === "The operation either timed out or was not allowed." ? "Afgebroken of niet toegestaan. Probeer het opnieuw." : err.message));
  });
})();
