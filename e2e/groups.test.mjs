// The demo's book club: its group page (shelf, schedule, topics), a topic
// and the read-along whose later messages fold "beyond your progress", each
// signed in at 390 and 1280 px, light and dark, checked and kept as
// screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PASSWORD, PHONE, checkA11y, checkSecurity, overflow, signIn, useSite, watchedPage } from "./site.mjs";

useSite();

const HELEN = ["helen", "dogear-demo"];
/// A member who joined today and has not opened the book: every tied message folds.
const RHEA = ["rhea", PASSWORD];

async function api(url, method = "GET", token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/// Rhea signs up and joins the club.
async function newMember(group) {
  await api("/accounts", "POST", null, { username: RHEA[0], password: RHEA[1] });
  const { token } = await api("/tokens", "POST", null, { username: RHEA[0], password: RHEA[1] });
  await api(`/groups/${group}/join`, "POST", token, {});
}

/// The demo club's id, its pinned welcome topic and its read-along.
async function club() {
  const { groups } = await api("/groups");
  const group = groups.find((g) => g.name === "The Slow Readers' Club");
  assert.ok(group, "the demo has its club");
  const { topics } = await api(`/groups/${group.id}/topics`);
  return {
    group: group.id,
    welcome: topics.find((t) => t.book_id === null).id,
    readAlong: topics.find((t) => t.book_id !== null).id,
  };
}

/// Screenshots of a page at 390 and 1280 px, light and dark, signed in (as
/// Helen, the club's owner, unless `who` says), each checked for sideways scrolling, axe and console errors first.
async function shoot(name, url, check, who = HELEN) {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await watchedPage({ js: true, viewport, colorScheme });
      await signIn(page, ...who);
      const response = await page.goto(BASE + url);
      assert.equal(response.status(), 200, url);
      const where = `${name}, ${viewport.width}, ${colorScheme}`;
      assert.ok((await overflow(page)) <= 0, `${where}: ${await overflow(page)}px too wide`);
      await checkSecurity(page, response, where);
      await checkA11y(page, where);
      if (check) await check(page, where);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: true });
      if (viewport === PHONE) await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}-top.png`) });
      assert.deepEqual(page.consoleErrors, [], `console errors on ${where}`);
      await page.context().close();
    }
  }
}

test("the club's page shows its book, schedule, shelf and topics", async () => {
  const { group } = await club();
  await shoot("group", `/groups/${group}`, async (page, where) => {
    assert.equal(await page.locator("h1").textContent(), "The Slow Readers' Club", where);
    assert.equal(await page.locator("ol.schedule li").count(), 4, `${where}: four checkpoints`);
    const shelf = await page.locator("#shelf").textContent();
    assert.equal(await page.locator("#current-heading").textContent(), "Reading now", where);
    for (const words of ["Put forward", "Read", "3 votes"]) {
      assert.ok(shelf.includes(words), `${where}: the shelf says ${words}`);
    }
    assert.ok(await page.locator(".topic-list .tag", { hasText: "pinned" }).isVisible(), where);
    // The owner's tools are there, and a vote is a button within reach.
    assert.ok(await page.locator(".group-tools a", { hasText: "Edit the group" }).isVisible(), where);
    const box = await page.locator("#shelf button", { hasText: /Vote for it|Take back my vote/ }).first().boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= page.viewportSize().width, `${where}: the vote fits`);
  });
});

test("a topic shows its messages, and its moderators the pin and lock", async () => {
  const { welcome } = await club();
  await shoot("topic", `/topics/${welcome}`, async (page, where) => {
    assert.ok(await page.locator(".topic-tools button", { hasText: "Unpin" }).isVisible(), where);
    assert.ok(await page.locator("[id^=message-]").first().isVisible(), where);
    assert.ok(await page.locator("#comment-body").isVisible(), `${where}: the reply box`);
  });
});

test("a read-along folds the messages beyond the reader's progress", async () => {
  const { group, readAlong } = await club();
  await newMember(group);
  await shoot("read-along", `/topics/${readAlong}`, async (page, where) => {
    const folded = page.locator(".placeholder.beyond");
    assert.ok((await folded.count()) > 0, `${where}: Rhea, not started, has folded messages`);
    const words = await folded.first().textContent();
    assert.ok(words.includes("beyond your progress"), `${where}: ${words}`);
    await folded.first().scrollIntoViewIfNeeded();
    assert.ok(await page.locator("#comment-checkpoint").count() === 1, `${where}: a message can speak of a checkpoint`);
  }, RHEA);
});
