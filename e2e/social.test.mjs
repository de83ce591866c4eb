// Reading together in a real browser: notifications folded and paged,
// people search, and screenshots of both and of the feed.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PASSWORD, PHONE, checkA11y, newPage, overflow, signIn, signUp, useSite } from "./site.mjs";

useSite();

/// A JSON API call; the parsed answer (null when there is none).
async function api(method, url, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/// A new reader made through the API, and their token.
async function apiReader(username, display_name) {
  await api("POST", "/accounts", null, { username, password: PASSWORD, display_name });
  return (await api("POST", "/tokens", null, { username, password: PASSWORD })).token;
}

/// Screenshots of a page at 390 and 1280 px, light and dark, each checked
/// for sideways scrolling first.
async function shoot(name, url, username, password = PASSWORD) {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      await signIn(page, username, password);
      await page.goto(BASE + url);
      assert.ok((await overflow(page)) <= 0, `${name}, ${viewport.width}, ${colorScheme}: ${await overflow(page)}px too wide`);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: viewport === PHONE });
      // A long phone page shrinks past reading when viewed whole: its first screen too.
      if (viewport === PHONE) await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}-top.png`) });
      await page.context().close();
    }
  }
}

test("notifications fold per review, answer a friend request on the line, and page to the end", async () => {
  const nora = await apiReader("nora", "Nora Helmer");
  const reviews = [];
  for (let n = 0; n < 22; n++) {
    const book = await api("POST", "/books", nora, { title: n === 0 ? "A Doll's House" : `Play ${n}`, authors: ["Henrik Ibsen"] });
    reviews.push((await api("PUT", `/books/${book.id}/review`, nora, { body: `Thoughts on play ${n}.` })).id);
  }
  const otto = await apiReader("otto", "Otto Krogstad");
  for (const id of reviews.slice().reverse()) await api("POST", `/reviews/${id}/comments`, otto, { body: "Well said." });
  for (const name of ["kristine", "torvald", "rank", "anne"]) {
    const token = await apiReader(name, name[0].toUpperCase() + name.slice(1));
    await api("POST", `/reviews/${reviews[0]}/comments`, token, { body: "Indeed." });
  }
  const pia = await apiReader("pia", "Pia Lind");
  await api("POST", "/users/nora/friend", pia);

  const page = await newPage({ js: true });
  await signIn(page, "nora");
  assert.match(await page.textContent("header.site .notifications-link"), /23 unread/, "a line each, not 27");
  await shoot("notifications", "/notifications", "nora");
  await page.goto(`${BASE}/notifications`);
  await checkA11y(page, "notifications");
  assert.equal(await page.locator("ul.notifications > li").count(), 20);
  assert.equal(await page.getByText("Anne and 4 others commented on your review of A Doll's House").count(), 1);
  await page.locator("li", { hasText: "Pia Lind asked to be your friend" }).getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(`${BASE}/notifications`);
  assert.equal(await page.getByRole("button", { name: "Accept" }).count(), 0, "answered");
  const friends = await api("GET", "/me/friends", pia);
  assert.deepEqual(friends.friends.map((f) => f.username), ["nora"]);
  await page.getByRole("link", { name: "Older" }).click();
  assert.equal(await page.locator("ul.notifications > li").count(), 3);
  assert.equal(await page.getByRole("link", { name: "Older" }).count(), 0, "the last page");
  await api("POST", `/reviews/${reviews[5]}/comments`, pia, { body: "Late to this." });
  await page.goto(`${BASE}/notifications`);
  await page.getByRole("button", { name: "Mark all read" }).click();
  await page.waitForURL(`${BASE}/notifications`);
  assert.equal(await page.locator("header.site .badge").count(), 0, "no unread left");
  await page.context().close();
});

test("people search finds readers by name and asks them to be friends", async () => {
  await shoot("people", "/people?q=o", "helen", "dogear-demo");
  await shoot("feed", "/", "helen", "dogear-demo");
  const page = await newPage({ js: true });
  await signUp(page, "seeker");
  await page.goto(`${BASE}/friends`);
  await page.getByRole("link", { name: "Find people" }).click();
  await page.waitForURL(`${BASE}/people`);
  await page.fill("#people-q", "weiss");
  await page.click("form.people-search button[type=submit]");
  await page.waitForURL(/\/people\?q=weiss/);
  await checkA11y(page, "people search");
  const jonah = page.locator("li.person", { hasText: "Jonah Weiss" });
  assert.equal(await jonah.count(), 1);
  await jonah.getByRole("button", { name: "Add friend" }).click();
  await page.waitForURL(/\/people\?q=weiss/);
  await page.locator("li.person", { hasText: "Jonah Weiss" }).getByText("Request sent").waitFor();
  await page.fill("#people-q", "nobody-by-that-name");
  await page.click("form.people-search button[type=submit]");
  await page.getByText("No readers match").waitFor();
  await page.context().close();
});
