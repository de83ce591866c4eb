// A book's series and its page, more by the author, a profile's currently
// reading, and placeholder covers legible as 50 px thumbnails: each page at
// 390 and 1280 px, light and dark, checked and kept as screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PASSWORD, PHONE, checkA11y, checkSecurity, overflow, signIn, useSite, watchedPage } from "./site.mjs";

useSite();

/// A JSON API call; the parsed answer (null when there is none).
async function api(method, url, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

const SERIES = "The Earthsea Cycle";
let bookId;

/// A reader with a series of books (placeholders, no covers), other books by
/// the same author, and two books on the go.
async function seriesReader(username) {
  await api("POST", "/accounts", null, { username, password: PASSWORD, display_name: "Sera Reader" });
  const token = (await api("POST", "/tokens", null, { username, password: PASSWORD })).token;
  const books = [
    ["The Tombs of Atuan", "2", 1970],
    ["A Wizard of Earthsea", "1", 1968],
    ["The Farthest Shore", "3", 1972],
    ["Tehanu", "4", 1990],
    ["Tales from Earthsea", "4.5", 2001],
  ];
  const ids = {};
  for (const [title, position, year] of books) {
    const book = await api("POST", "/books", token, { title, authors: ["Ursula K. Le Guin"], year, pages: 200, series: SERIES, series_position: position });
    ids[title] = book.id;
  }
  for (const title of ["The Dispossessed", "The Lathe of Heaven", "Always Coming Home"]) {
    await api("POST", "/books", token, { title, authors: ["Ursula K. Le Guin"] });
  }
  await api("POST", `/books/${ids["A Wizard of Earthsea"]}/progress`, token, { page: 120 });
  await api("PUT", `/books/${ids["The Tombs of Atuan"]}/status`, token, { status: "currently-reading" });
  return ids["A Wizard of Earthsea"];
}

/// Screenshots of a page at 390 and 1280 px, light and dark, each checked
/// for sideways scrolling, axe and console errors first.
async function shoot(name, url, signedIn) {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await watchedPage({ js: true, viewport, colorScheme });
      if (signedIn) await signIn(page, ...signedIn);
      const response = await page.goto(BASE + url);
      assert.equal(response.status(), 200, url);
      const where = `${name}, ${viewport.width}, ${colorScheme}`;
      assert.ok((await overflow(page)) <= 0, `${where}: ${await overflow(page)}px too wide`);
      await checkSecurity(page, response, where);
      await checkA11y(page, where);
      // Lazy covers below the fold would be blank in a full-page picture.
      await page.evaluate(() => { for (const img of document.images) img.loading = "eager"; });
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: true });
      if (viewport === PHONE) await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${viewport.width}-${colorScheme}-top.png`) });
      assert.deepEqual(page.consoleErrors, [], `console errors on ${where}`);
      await page.context().close();
    }
  }
}

test("the book page links its series, whose page lists the books in order", async () => {
  bookId = await seriesReader("sera");
  const page = await watchedPage({ js: false });
  await page.goto(`${BASE}/books/${bookId}`);
  const link = page.locator(".series-link a");
  assert.equal(await link.textContent(), "The Earthsea Cycle #1");
  const more = page.locator(".more-by li");
  assert.equal(await more.count(), 6, "six more by the author");
  await link.click();
  assert.equal(new URL(page.url()).pathname, "/series/The%20Earthsea%20Cycle");
  const titles = await page.locator(".series-books .book-card h3").allTextContents();
  assert.deepEqual(titles, ["A Wizard of Earthsea", "The Tombs of Atuan", "The Farthest Shore", "Tehanu", "Tales from Earthsea"]);
  await page.context().close();
  await shoot("book-series", `/books/${bookId}`, ["sera"]);
  await shoot("series", `/series/${encodeURIComponent(SERIES)}`, ["sera"]);
});

test("a series page's shelf button works without JavaScript and comes back to the series", async () => {
  const page = await watchedPage({ js: false });
  await signIn(page, "helen", "dogear-demo");
  await page.goto(`${BASE}/series/${encodeURIComponent(SERIES)}`);
  const first = page.locator(".series-books .book-card").first();
  await first.getByRole("button", { name: "Want to read" }).click();
  assert.equal(new URL(page.url()).pathname, "/series/The%20Earthsea%20Cycle");
  assert.match(await page.locator(".series-books .book-card").first().locator(".shelf-current").textContent(), /Want to read/);
  await page.context().close();
});

test("a profile shows what its reader is reading, shelves named in words", async () => {
  const page = await watchedPage({ js: false });
  await page.goto(`${BASE}/users/sera`);
  const reading = page.locator(".profile-reading li");
  assert.equal(await reading.count(), 2);
  assert.match(await reading.first().textContent(), /A Wizard of Earthsea/);
  const shelves = await page.locator(".shelf-list a").allTextContents();
  assert.ok(shelves.includes("Want to read") && shelves.includes("Currently reading"), shelves.join(", "));
  await page.context().close();
  await shoot("profile-reading", "/users/sera", null);
});

test("placeholder thumbnails show the title's mark at 50 px and the title when large", async () => {
  // The feed and lists draw placeholders at 50 px: the mark takes over there.
  await shoot("feed-thumbs", "/", ["helen", "dogear-demo"]);
  const page = await watchedPage({ js: true, viewport: { width: 400, height: 400 } });
  await page.goto(`${BASE}/books/${bookId}`);
  const src = `/covers/${bookId}/placeholder.svg`;
  // The same file at both sizes, side by side, for the eye.
  await page.evaluate((src) => {
    document.body.innerHTML = "";
    for (const [w, h] of [[50, 75], [200, 300]]) {
      const img = document.createElement("img");
      img.src = src;
      img.width = w;
      img.height = h;
      img.alt = "";
      document.body.append(img);
    }
  }, src);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.screenshot({ path: path.join(ARTIFACTS, "placeholder-sizes.png") });
  await page.context().close();
});
