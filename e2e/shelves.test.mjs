// "My books" in a real browser: sorting by a column header, filtering and
// paging without JavaScript, cards on a phone, and screenshots of the shelf
// page at 390 and 1280 px, light and dark, kept in e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PHONE, checkA11y, newPage, overflow, signIn, useSite } from "./site.mjs";

useSite();

test("my books sort by a header, filter and page without JavaScript", async () => {
  const page = await newPage({ js: false });
  await signIn(page, "helen", "dogear-demo");
  await page.goto(`${BASE}/users/helen/shelves/all`);
  assert.match(await page.locator(".showing").innerText(), /^Showing 1–20 of 40/);
  assert.equal(await page.locator("th[aria-sort]").getAttribute("aria-sort"), "descending");
  await page.click("th.col-title a");
  assert.match(page.url(), /sort=title&dir=asc/);
  assert.equal(await page.locator("th.col-title").getAttribute("aria-sort"), "ascending");
  const titles = await page.locator("td.col-title > a").allInnerTexts();
  assert.deepEqual(titles, [...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())), "titles A to Z");
  await page.click("nav.pagination a:text-is('2')");
  assert.match(await page.locator(".showing").innerText(), /^Showing 21–40 of 40/);
  const first = titles[0];
  await page.fill("#shelf-q", first.slice(0, 6));
  await page.click(".bookshelf-filter button[type=submit]");
  assert.ok((await page.locator("td.col-title > a").allInnerTexts()).includes(first), "the filter finds the book");
  assert.match(page.url(), /sort=title/, "the filter keeps the order");
  await page.click(".bookshelf-side a[href*='/shelves/read?']");
  assert.match(await page.locator("h1").innerText(), /books: Read$/);
  await page.context().close();
});

test("my books fit a phone as cards and a desktop as a table, light and dark", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ viewport, colorScheme });
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await signIn(page, "helen", "dogear-demo");
      await page.goto(`${BASE}/users/helen/shelves/read?sort=rating`);
      const name = `shelf-${viewport.width}-${colorScheme}`;
      assert.equal(await overflow(page), 0, `${name} scrolls sideways`);
      await checkA11y(page, name);
      const header = await page.locator("table.shelf thead").boundingBox();
      if (viewport === PHONE) {
        assert.ok(!header || header.height <= 1, "no table header on a phone");
        const row = await page.locator("table.shelf tbody tr").first().boundingBox();
        assert.ok(row.width <= viewport.width, "a card fits the phone");
      } else {
        assert.ok(header && header.height > 10, "a table header on a desktop");
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-top.png`) });
      assert.deepEqual(errors, [], `console errors on ${name}`);
      await page.context().close();
    }
  }
});

test("the API reference has sticky contents on a desktop, a menu on a phone, and fits both, light and dark", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ viewport, colorScheme });
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${BASE}/api`);
      const name = `reference-${viewport.width}-${colorScheme}`;
      assert.equal(await overflow(page), 0, `${name} scrolls sideways`);
      await checkA11y(page, name);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const operations = await page.locator("section.operation").count();
      // With every problem repeated under each operation it took about 600 px an
      // operation at 1280 (61,000 px for 100); the page grows with the API, not with that.
      if (viewport === DESKTOP) {
        assert.ok(operations > 100, `${name} lists ${operations} operations`);
        assert.ok(height < 400 * operations, `${name} is ${height} px tall for ${operations} operations`);
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      if (viewport === DESKTOP) {
        await page.locator("#get_books_id").scrollIntoViewIfNeeded();
        const toc = await page.locator("nav.reference-toc.wide").boundingBox();
        assert.ok(toc && toc.y >= 0 && toc.y < 40, `the contents stay in view: ${JSON.stringify(toc)}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-scrolled.png`) });
      } else {
        assert.equal(await page.locator("nav.reference-toc.wide").isVisible(), false);
        await page.click("details.reference-toc.narrow > summary");
        await page.click("details.reference-toc.narrow a[href='#get_books_id']");
        assert.ok(page.url().endsWith("#get_books_id"));
        await page.locator("#get_books_id details.example-response > summary").click();
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-operation.png`) });
        assert.equal(await overflow(page), 0, `${name} with an example open scrolls sideways`);
      }
      assert.deepEqual(errors, [], `console errors on ${name}`);
      await page.context().close();
    }
  }
});
