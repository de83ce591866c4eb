// Every page the site serves, as a visitor, a reader and a moderator, at
// 390 and 1280 px in light and dark: none scrolls sideways, axe finds nothing
// serious, the console stays quiet, and each is kept as a screenshot.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  ARTIFACTS, BASE, DESKTOP, PHONE, checkA11y, newPage, overflow, signIn, signUp, useSite,
} from "./site.mjs";

useSite();

/// The first link on `url` whose address starts with `prefix`, or null.
async function firstLink(page, url, prefix) {
  await page.goto(BASE + url);
  const link = page.locator(`main a[href^='${prefix}']`).first();
  return (await link.count()) ? link.getAttribute("href") : null;
}

/// The demo's pages that take an id: found by following links, as a reader would.
async function discovered(page) {
  const found = [];
  for (const [name, from, prefix] of [
    ["genre", "/books/1", "/genres/"],
    ["edition", "/books/1", "/editions/"],
    ["list", "/lists", "/lists/"],
  ]) {
    const href = await firstLink(page, from, prefix);
    if (href && !href.endsWith("/new")) found.push([name, href]);
  }
  return found;
}

const year = new Date().getFullYear() - 1;

const everyone = [
  ["home", "/"],
  ["sign up", "/signup"],
  ["sign in", "/signin"],
  ["forgot password", "/forgot"],
  ["search", "/search?q=eliot"],
  ["catalogue", "/books"],
  ["book", "/books/1"],
  ["review", "/reviews/1"],
  ["author", "/authors/1"],
  ["profile", "/users/helen"],
  ["shelf", "/users/helen/shelves/all"],
  ["year in books", `/users/helen/years/${year}`],
  ["stats", "/users/helen/stats"],
  ["quotes", "/users/helen/quotes"],
  ["reader's lists", "/users/helen/lists"],
  ["lists", "/lists"],
  ["API reference", "/api"],
  ["not found", "/books/999999"],
];

const readers = [
  ["home", "/"],
  ["add a book", "/books/new"],
  ["review form", "/books/1/review"],
  ["new list", "/lists/new"],
  ["friends", "/friends"],
  ["people", "/people?q=a"],
  ["notifications", "/notifications"],
  ["import", "/import"],
  ["settings", "/settings"],
  ["flag a review", "/reviews/1/flag"],
  ["my books", "/users/NAME/shelves/all"],
  ["invitations", "/invites"],
];

const moderators = [
  ["moderation", "/moderation"],
  ["duplicates", "/moderation/duplicates"],
  ["moderation log", "/admin/log"],
  ["new accounts", "/moderation/new-accounts"],
  ["requests to join", "/admin/requests"],
  ["cover history", "/books/1/covers"],
];

async function sweep(who, pages, signInAs) {
  for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      const errors = [];
      page.on("console", (m) => {
        // The not-found page is meant to answer 404, which Chromium logs as a failed load.
        const expected = page.url().endsWith("/books/999999") && m.text().includes("status of 404");
        if (m.type() === "error" && !expected) errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e}`));
      const name = signInAs ? await signInAs(page) : null;
      const all = [...pages, ...(await discovered(page))];
      for (const [label, url] of all) {
        const where = `${label} (${who}, ${size}, ${colorScheme})`;
        const response = await page.goto(BASE + url.replace("NAME", name ?? ""));
        assert.ok(response.status() < 500, `${where}: ${response.status()}`);
        if (label !== "not found") assert.equal(response.status(), 200, where);
        assert.ok((await overflow(page)) <= 0, `${where}: ${await overflow(page)}px too wide`);
        await checkA11y(page, where);
        const file = `every-${who}-${label}-${viewport.width}-${colorScheme}.png`.replace(/[ ',]+/g, "-");
        await page.screenshot({ path: path.join(ARTIFACTS, file) });
      }
      assert.deepEqual(errors, [], `console errors (${who}, ${size}, ${colorScheme})`);
      await page.context().close();
    }
  }
}

test("every page fits, is sound and is quiet for a visitor", async () => {
  await sweep("visitor", everyone, null);
});

let fresh = 0;
test("every page fits, is sound and is quiet for a new reader", async () => {
  await sweep("reader", [...everyone.filter(([l]) => l !== "sign up" && l !== "sign in"), ...readers], async (page) => {
    fresh += 1;
    const name = `sweeper${fresh}`;
    await signUp(page, name);
    return name;
  });
});

test("every page fits, is sound and is quiet for a moderator", async () => {
  await sweep("moderator", [...readers, ...moderators], async (page) => {
    await signIn(page, "helen", "dogear-demo");
    return "helen";
  });
});
