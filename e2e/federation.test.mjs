// Followers on other servers in a real browser: a reader elsewhere (a small
// server here, with its own key) asks to follow a private profile by a
// signed Follow; the reader hears of it, lets them in from Friends, and their
// server receives the Accept. Friends and the remote profile are kept at 390
// and 1280 px, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createSign, generateKeyPairSync } from "node:crypto";
import http from "node:http";
import path from "node:path";
import {
  ARTIFACTS, BASE, DESKTOP, PASSWORD, PHONE, checkA11y, newPage, overflow, signIn, useSite,
} from "./site.mjs";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = publicKey.export({ type: "spki", format: "pem" });
const received = [];
const elsewhere = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const actor = `http://127.0.0.1:${elsewhere.address().port}/users/wren`;
    if (req.method === "POST" && req.url === "/users/wren/inbox") {
      received.push(JSON.parse(body));
      res.writeHead(202).end();
    } else if (req.url === "/users/wren") {
      res.writeHead(200, { "content-type": "application/activity+json" }).end(JSON.stringify({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        id: actor, type: "Person", preferredUsername: "wren", name: "Wren Elsewhere",
        summary: "<p>Reads on another server.</p>",
        inbox: `${actor}/inbox`, outbox: `${actor}/outbox`,
        publicKey: { id: `${actor}#main-key`, owner: actor, publicKeyPem: PEM },
      }));
    } else {
      res.writeHead(404).end();
    }
  });
});
await new Promise((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
const WREN = `http://127.0.0.1:${elsewhere.address().port}/users/wren`;

process.env.DOGEAR_FEDERATION_ALLOW_PRIVATE = "true";
useSite();

/// POSTs `activity` to `inbox` here, signed as Wren over (request-target) host date digest.
async function postSigned(inbox, activity) {
  const body = JSON.stringify(activity);
  const url = new URL(BASE + inbox);
  const date = new Date().toUTCString();
  const digest = `SHA-256=${createHash("sha256").update(body).digest("base64")}`;
  const signed = `(request-target): post ${url.pathname}\nhost: ${url.host}\ndate: ${date}\ndigest: ${digest}`;
  const signature = createSign("RSA-SHA256").update(signed).sign(privateKey, "base64");
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/activity+json", date, digest,
      signature: `keyId="${WREN}#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${signature}"`,
    },
    body,
  });
}

async function api(method, url, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

async function shoot(name, url) {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      await signIn(page, "iris");
      await page.goto(BASE + url);
      assert.ok((await overflow(page)) <= 0, `${name}, ${viewport.width}, ${colorScheme}: too wide`);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: true });
      await page.context().close();
    }
  }
}

test("a follower elsewhere waits for a private profile's reader, who lets them in", async (t) => {
  t.after(() => elsewhere.close());
  await api("POST", "/accounts", null, { username: "iris", password: PASSWORD, display_name: "Iris Murdoch" });
  const token = (await api("POST", "/tokens", null, { username: "iris", password: PASSWORD })).token;
  await api("PUT", "/me/profile", token, { visibility: "friends", bio: "The sea, the sea." });

  const answer = await postSigned("/users/iris/inbox", {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${WREN}#follows/1`, type: "Follow", actor: WREN, object: `${BASE}/users/iris`,
  });
  assert.equal(answer.status, 202, await answer.text());

  const page = await newPage({ js: true });
  await signIn(page, "iris");
  await page.goto(`${BASE}/notifications`);
  const line = page.locator("li", { hasText: "Wren Elsewhere asked to follow you from another server" });
  assert.equal(await line.count(), 1);
  await line.getByRole("link").first().click();
  await page.waitForURL(`${BASE}/friends`);
  await checkA11y(page, "friends with a follower waiting");
  assert.equal(await page.getByText(/@wren@127\.0\.0\.1/).count(), 1);
  await shoot("friends-follower-waiting", "/friends");

  await page.getByRole("button", { name: "Let them follow" }).click();
  await page.waitForURL(`${BASE}/friends`);
  assert.equal(await page.getByRole("button", { name: "Let them follow" }).count(), 0, "answered");
  assert.equal(await page.getByRole("button", { name: "Remove" }).count(), 1);
  // The delivery worker runs each second: the Accept reaches Wren's server.
  for (let i = 0; i < 100 && !received.some((a) => a.type === "Accept"); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const accept = received.find((a) => a.type === "Accept");
  assert.ok(accept, "the Accept arrived");
  assert.equal(accept.object.id, `${WREN}#follows/1`);
  assert.equal(accept.actor, `${BASE}/users/iris`);

  await page.getByRole("link", { name: "Wren Elsewhere" }).click();
  await checkA11y(page, "a remote profile");
  assert.match(await page.textContent("main"), /a reader on another server/);
  const remote = new URL(page.url()).pathname;
  await shoot("remote-person", remote);
  await page.context().close();
});
