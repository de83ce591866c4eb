// Home, settings and import in a real browser: the books being read with a
// quick progress form (no JavaScript needed), first steps for a new reader,
// the theme chosen in Settings winning over the device's, and the import
// summary; screenshots of each at 390 and 1280 px, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PASSWORD, PHONE, checkA11y, checkSecurity, overflow, signIn, signUp, useSite, watchedPage } from "./site.mjs";

useSite();

const DEMO_PASSWORD = "dogear-demo";

/// A JSON API call; the parsed answer (null when there is none).
async function api(method, url, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/// A reader part-way through three books (one of unknown length), with a goal.
async function busyReader(username) {
  await api("POST", "/accounts", null, { username, password: PASSWORD, display_name: "Rosa Reader" });
  const token = (await api("POST", "/tokens", null, { username, password: PASSWORD })).token;
  const books = [
    ["The Left Hand of Darkness, a Novel with a Rather Long Title", "Ursula K. Le Guin", 304, 120],
    ["Middlemarch", "George Eliot", 880, 15],
  ];
  for (const [title, author, pages, page] of books) {
    const book = await api("POST", "/books", token, { title, authors: [author], pages });
    await api("POST", `/books/${book.id}/progress`, token, { page });
  }
  const open = await api("POST", "/books", token, { title: "Poems", authors: ["Anonymous"] });
  await api("PUT", `/books/${open.id}/status`, token, { status: "currently-reading" });
  await api("PUT", `/me/goals/${new Date().getUTCFullYear()}`, token, { books: 24 });
}
const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "..", "shared", "fixtures", "imports");

/// Screenshots of a signed-in page at 390 and 1280 px, light and dark, each
/// checked for sideways scrolling, axe and console errors first.
async function shoot(name, url, username, password) {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await watchedPage({ js: true, viewport, colorScheme });
      await signIn(page, username, password);
      const response = await page.goto(BASE + url);
      const where = `${name}, ${viewport.width}, ${colorScheme}`;
      assert.ok((await overflow(page)) <= 0, `${where}: ${await overflow(page)}px too wide`);
      await checkSecurity(page, response, where);
      await checkA11y(page, where);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: viewport === PHONE });
      if (viewport === PHONE) await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}-top.png`) });
      assert.deepEqual(page.consoleErrors, [], `console errors on ${where}`);
      await page.context().close();
    }
  }
}

test("home shows what the reader is reading, and the quick form works without JavaScript", async () => {
  await busyReader("rosa");
  await shoot("home-reading", "/", "rosa");
  const page = await watchedPage({ js: false });
  await signIn(page, "rosa");
  const books = page.locator(".reading-book");
  assert.equal(await books.count(), 3);
  assert.equal(await page.locator(".reading-now .goal").count(), 1, "the goal shows");
  const first = books.first();
  const input = first.locator("input[type=number]");
  const max = Number(await input.getAttribute("max"));
  assert.ok(max > 0, "a bound from the book");
  await input.fill("42");
  await first.getByRole("button", { name: "Update" }).click();
  await page.waitForURL(`${BASE}/`);
  const words = await page.locator(".reading-book").first().locator(".reading-progress span").textContent();
  assert.match(words, /42/, words);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test("a new reader gets three first steps on the front page", async () => {
  const page = await watchedPage({ js: true });
  await signUp(page, "newcomer");
  await page.goto(`${BASE}/`);
  const steps = page.locator(".first-run");
  assert.equal(await steps.count(), 1);
  for (const href of ["/import", "/books", "/people"]) {
    assert.equal(await steps.locator(`a[href='${href}']`).count(), 1, href);
  }
  await page.context().close();
  await shoot("home-first-run", "/", "newcomer", undefined);
});

test("settings: a table of contents, and the chosen theme wins over the device's without JavaScript", async () => {
  await shoot("settings", "/settings", "helen", DEMO_PASSWORD);
  const page = await watchedPage({ js: false, colorScheme: "light" });
  await signIn(page, "helen", DEMO_PASSWORD);
  await page.goto(`${BASE}/settings`);
  for (const anchor of await page.locator(".settings-toc a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
    assert.equal(await page.locator(anchor).count(), 1, `${anchor} is there`);
  }
  const paper = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await paper();
  await page.locator("input[name=theme][value=dark]").check();
  await page.getByRole("button", { name: "Save theme" }).click();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.notEqual(await paper(), light, "dark on a light device");
  await page.screenshot({ path: path.join(ARTIFACTS, "settings-theme-dark-on-light-1280.png") });
  await page.context().close();

  const dark = await watchedPage({ js: false, colorScheme: "dark" });
  await signIn(dark, "helen", DEMO_PASSWORD);
  await dark.goto(`${BASE}/settings#appearance`);
  await dark.locator("input[name=theme][value=light]").check();
  await dark.getByRole("button", { name: "Save theme" }).click();
  assert.equal(await dark.getAttribute("html", "data-theme"), "light");
  assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), light, "light on a dark device");
  await dark.screenshot({ path: path.join(ARTIFACTS, "settings-theme-light-on-dark-1280.png") });
  await dark.locator("input[name=theme][value=system]").check();
  await dark.getByRole("button", { name: "Save theme" }).click();
  assert.equal(await dark.getAttribute("html", "data-theme"), null, "the device's again");
  await dark.context().close();
});

test("an import asks about privacy and says what arrived", async () => {
  await shoot("import-form", "/import", "helen", DEMO_PASSWORD);
  const page = await watchedPage({ js: true });
  await signUp(page, "importer");
  await page.goto(`${BASE}/import`);
  await page.setInputFiles("#file", path.join(FIXTURES, "mapmyreads-goodreads_library_export.csv"));
  await page.selectOption("#review_visibility", "friends");
  await page.getByRole("button", { name: "Import" }).click();
  await page.waitForURL(/\/import\/jobs\/\d+/);
  await page.locator("#arrived").waitFor({ timeout: 60000 });
  const job = new URL(page.url()).pathname;
  assert.match(await page.locator(".import-tally").textContent(), /16\s*marked read/);
  await page.context().close();
  await shoot("import-summary", job, "importer", undefined);
});
