// Passkeys (ADR 39): a static file, as the Content-Security-Policy allows no inline script. A form marked
// data-passkey-register adds one to the signed-in person's account; data-passkey-sign-in uses one as the second step.
// Each asks the server for the WebAuthn options (a challenge kept in the session), asks the browser, and posts what
// the browser answers in the form's hidden `credential` field; the server checks it (py_webauthn).

const fromBase64url = (text) => {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};

const toBase64url = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const creationOptions = (json) => ({
  ...json,
  challenge: fromBase64url(json.challenge),
  user: { ...json.user, id: fromBase64url(json.user.id) },
  excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
});

const requestOptions = (json) => ({
  ...json,
  challenge: fromBase64url(json.challenge),
  allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
});

const credentialJSON = (credential) => {
  const response = credential.response;
  const json = {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: { clientDataJSON: toBase64url(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    json.response.attestationObject = toBase64url(response.attestationObject);
    if (response.getTransports) json.response.transports = response.getTransports();
  } else {
    json.response.authenticatorData = toBase64url(response.authenticatorData);
    json.response.signature = toBase64url(response.signature);
    if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
  }
  return json;
};

const wire = (form, ask) => {
  const problem = form.querySelector("[data-passkey-problem]");
  const say = (text) => {
    problem.textContent = text;
    problem.hidden = !text;
  };
  if (!window.PublicKeyCredential) {
    say("This browser cannot use passkeys.");
    return;
  }
  form.addEventListener("submit", async (event) => {
    if (form.elements.credential.value) return; // the browser has answered: send it
    event.preventDefault();
    say("");
    try {
      const token = form.elements.csrfmiddlewaretoken.value;
      const reply = await fetch(form.dataset.optionsUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      if (!reply.ok) throw new Error("Hearth could not start the passkey: sign in again");
      const credential = await ask(await reply.json());
      form.elements.credential.value = JSON.stringify(credentialJSON(credential));
      form.submit();
    } catch (error) {
      say(error.name === "NotAllowedError" ? "The passkey was not used: try again." : error.message);
    }
  });
};

for (const form of document.querySelectorAll("form[data-passkey-register]")) {
  wire(form, (options) => navigator.credentials.create({ publicKey: creationOptions(options) }));
}
for (const form of document.querySelectorAll("form[data-passkey-sign-in]")) {
  wire(form, (options) => navigator.credentials.get({ publicKey: requestOptions(options) }));
}
