// Dogear in a real browser: headless Chromium from Debian, driven by
// playwright-core, with JavaScript on and off, axe-core on the main pages,
// and screenshots of the review page kept in e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PHONE, checkA11y, checkSecurity, markWindow, newPage, overflow, signIn, signUp, stillSamePage, useSite } from "./site.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);

useSite();

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";
  const reader = js ? "reader_js" : "reader_nojs";

  test(`a reader joins, adds, rates, shelves and reviews a book ${mode}`, async () => {
    const page = await newPage({ js });
    await signUp(page, reader);
    await page.goto(`${BASE}/books/new`);
    await page.fill("#title", `The Rings of Saturn ${mode}`);
    await page.fill("#authors", "W. G. Sebald");
    await page.fill("#pages", "296");
    await page.click("form[action='/books'] button[type=submit]");
    await page.waitForURL(/\/books\/\d+$/);
    const bookUrl = page.url();
    assert.match(await page.textContent("h1"), /The Rings of Saturn/);

    // The stars: a real click on the label of four and a half.
    if (js) await markWindow(page);
    await page.click("label[for='stars-4-5']");
    if (!js) await page.click("form.rate button[type=submit]");
    await page.getByText("My rating: 4.5 stars").waitFor();
    if (js) assert.ok(await stillSamePage(page), "rating saved without a reload");
    assert.ok(await page.isChecked("#stars-4-5"));

    // Keyboard: arrow keys move along the radio group.
    if (js) {
      await page.focus("#stars-4-5");
      await page.keyboard.press("ArrowRight");
      await page.getByText("My rating: 5 stars").waitFor();
    }

    // The shelf button's menu holds the other statuses.
    await page.click(".mine details.shelf-menu summary");
    await page.locator(".mine .shelf-options").getByRole("button", { name: "Currently reading" }).click();
    await page.getByText("marked as: Currently reading").first().waitFor();
    assert.match(await page.textContent(".mine .shelf-current"), /Currently reading/);
    await page.click("details.edit-reading summary");
    await page.fill("#shelves", "walking, melancholy");
    await page.click("details.edit-reading form[action$='/shelves'] button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#shelves").value.includes("walking"));
    if (js) assert.ok(await page.isVisible("#shelves"), "the reading panel stays open");

    await page.click("text=Write a review");
    await page.waitForURL(/\/review$/);
    await page.fill("#body", "The herring chapter *haunts* me.");
    await page.check("#spoiler");
    await page.click("form[action$='/review'] button[type=submit]");
    await page.waitForURL(/\/reviews\/\d+$/);
    const body = page.locator("details.spoiler .body");
    assert.equal(await body.isVisible(), false, "the spoiler is hidden");
    await page.click("details.spoiler summary");
    assert.equal(await body.isVisible(), true, "and shown on request");
    assert.match(await body.innerHTML(), /<em>haunts<\/em>/);
    assert.match(await page.textContent(".rating"), /rated it 5 stars|rated it 4.5 stars/);
    await page.goto(bookUrl);
    await page.context().close();
  });

  test(`a reader talks under another reader's review ${mode}`, async () => {
    const page = await newPage({ js });
    await signIn(page, reader);
    await page.goto(`${BASE}/reviews/1`);
    const heading = await page.textContent("#comments-heading");
    const [, total, fresh] = heading.match(/showing 1-50 of (\d+)\) \((\d+) new\)/);
    assert.ok(Number(total) >= 151);
    assert.equal(fresh, total, "a first visit counts every comment as new");
    assert.match(await page.textContent("#message-1 header"), /\(new\)/);

    // Page through the long thread.
    await page.click("nav.pagination a[rel=next]");
    await page.getByText(/showing 51-100 of \d+/).waitFor();
    await page.click("nav.pagination >> text=4");
    await page.getByText(/showing 151-\d+ of \d+/).waitFor();
    await page.goto(`${BASE}/reviews/1`);
    assert.match(await page.textContent("#comments-heading"), /\(50 new\)/, "pages 1, 2 and 4 are seen now, page 3 is not");
    assert.doesNotMatch(await page.textContent("#message-1 header"), /\(new\)/);

    // Comment.
    if (js) await markWindow(page);
    await page.fill("#comment-body", `Hello from a reader ${mode}.`);
    await page.click("#comment-form button[type=submit]");
    await page.getByText(`Hello from a reader ${mode}.`).waitFor();
    if (js) assert.ok(await stillSamePage(page), "posted without a reload");

    // Quote message 2.
    await page.goto(`${BASE}/reviews/1`);
    await page.click("#message-2 >> text=reply with quote");
    await page.waitForSelector("#comment-form blockquote.quote");
    const quoted = await page.textContent("#comment-form blockquote.quote");
    assert.match(quoted, / wrote: "/);
    await page.fill("#comment-body", `Quoting, ${mode}.`);
    await page.click("#comment-form button[type=submit]");
    await page.getByText(`Quoting, ${mode}.`).waitFor();
    await page.goto(`${BASE}/reviews/1?page=4`);
    const last = page.locator("article.comment", { hasText: `Quoting, ${mode}.` });
    assert.match(await last.textContent(), / wrote: "/);
    assert.match(await last.locator("blockquote a").getAttribute("href"), /\?page=1#message-2$/);
    await page.context().close();
  });

  test(`flagging and moderating ${mode}`, async () => {
    const page = await newPage({ js });
    await signIn(page, reader);
    await page.goto(`${BASE}/reviews/1`);
    const target = js ? 5 : 6;
    await page.click(`#message-${target} >> text=flag`);
    await page.check("#reason-spam");
    await page.click("form[action='/flags'] button[type=submit]");
    await page.waitForURL(/\/reviews\/1/);

    const moderator = await newPage({ js });
    await signIn(moderator, "helen", "dogear-demo");
    await moderator.goto(`${BASE}/moderation`);
    const item = moderator.locator("article.flag").first();
    assert.match(await item.textContent(), /spam/);
    await item.locator("text=Remove").click();
    await moderator.waitForURL(`${BASE}/moderation`);
    await moderator.goto(`${BASE}/reviews/1`);
    assert.match(await moderator.textContent(`#message-${target}`), /this comment has been deleted by a moderator/);
    await moderator.context().close();
    await page.context().close();
  });
}

for (const js of [true, false]) {
  test(`a reader brings a StoryGraph library ${js ? "with" : "without"} JavaScript`, async () => {
    const page = await newPage({ js });
    await signUp(page, js ? "importer_js" : "importer_nojs");
    await page.goto(`${BASE}/import`);
    await page.setInputFiles("#file", path.join(here, "..", "..", "shared", "fixtures", "imports", "bookwyrm-storygraph.csv"));
    await page.click("form[action='/import'] button[type=submit]");
    await page.waitForURL(/\/import\/jobs\/\d+$/);
    // The page follows the job by reloading itself until it is done.
    await page.getByText("2 of 2 rows from your storygraph export").waitFor({ timeout: 15000 });
    assert.equal(await page.getAttribute("#progress", "value"), "2");
    await page.context().close();
  });
}

test("search suggests books as you type", async () => {
  const page = await newPage({ js: true });
  await page.goto(BASE);
  await page.fill("#site-search", "middle");
  await page.waitForSelector("#search-suggestions li a");
  assert.match(await page.textContent("#search-suggestions"), /Middlemarch/);
  await page.context().close();
});

test("the main pages have no serious or critical accessibility problems", async () => {
  const page = await newPage({ js: true });
  for (const [name, url] of [
    ["home", "/"],
    ["book", "/books/1"],
    ["review with a long thread", "/reviews/1"],
    ["profile", "/users/helen"],
    ["shelf", "/users/helen/shelves/read"],
    ["search", "/search?q=eliot"],
    ["author", "/authors/1"],
    ["sign in", "/signin"],
    ["API reference", "/api"],
  ]) {
    const response = await page.goto(BASE + url);
    await checkSecurity(page, response, name);
    await checkA11y(page, name);
    await page.screenshot({ path: path.join(ARTIFACTS, `page-${name.replaceAll(" ", "-")}.png`) });
  }
  await signIn(page, "helen", "dogear-demo");
  for (const [name, url] of [
    ["home, signed in", "/"],
    ["book, signed in", "/books/1"],
    ["review, signed in", "/reviews/1"],
    ["moderation", "/moderation"],
    ["cover history", "/books/1/covers"],
    ["notifications", "/notifications"],
    ["add a book", "/books/new"],
    ["import", "/import"],
    ["settings", "/settings"],
    ["moderation log", "/admin/log"],
    ["year in books", `/users/helen/years/${new Date().getFullYear() - 1}`],
    ["reading stats", `/users/helen/stats?year=${new Date().getFullYear() - 1}`],
    ["quotes", "/users/helen/quotes"],
  ]) {
    const response = await page.goto(BASE + url);
    await checkSecurity(page, response, name);
    await checkA11y(page, name);
    await page.screenshot({ path: path.join(ARTIFACTS, `page-${name.replaceAll(" ", "-").replaceAll(",", "")}.png`) });
  }
  await page.context().close();
});

test("the footer leads to the API reference, and a read-only token made in settings only reads", async () => {
  const page = await newPage({ js: true });
  await page.goto(BASE + "/");
  await page.getByRole("link", { name: "API reference" }).click();
  await page.waitForURL(BASE + "/api");
  assert.equal(await page.locator("h1").textContent(), "The Dogear API");
  assert.ok(await page.locator("#get_books_id").isVisible(), "operations are listed");
  await signIn(page, "helen", "dogear-demo");
  await page.goto(BASE + "/settings");
  await page.getByLabel("Name of a new token").fill("browser check");
  assert.ok(await page.getByLabel(/Read only/).isChecked(), "read-only is the default");
  await page.getByRole("button", { name: "Make a token" }).click();
  const token = (await page.locator("code.token").textContent()).trim();
  const answers = await page.evaluate(async (token) => {
    const auth = { authorization: `Bearer ${token}` };
    const me = await fetch("/api/v1/accounts/me", { headers: auth });
    const rate = await fetch("/api/v1/books/1/rating", {
      method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ stars: 1 }),
    });
    return { me: me.status, who: (await me.json()).username, limit: me.headers.get("ratelimit-limit"),
             rate: rate.status, code: (await rate.json()).code };
  }, token);
  assert.deepEqual(answers, { me: 200, who: "helen", limit: "3000", rate: 403, code: "insufficient_scope" });
  await page.context().close();
});

test("screenshots of the review page, desktop and phone, light and dark", async () => {
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 360, height: 780 }],
  ]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      await page.goto(`${BASE}/reviews/1`);
      const file = path.join(ARTIFACTS, `review-${size}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: size === "phone" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${size}: nothing wider than the screen (${overflow}px over)`);
      await page.context().close();
    }
  }
});


test("no page scrolls sideways, signed out or in, on a phone or a desktop, light or dark", async () => {
  const signedOut = [
    ["home", "/"],
    ["book", "/books/1"],
    ["review", "/reviews/1"],
    ["profile", "/users/helen"],
    ["search", "/search?q=eliot"],
    ["shelf", "/users/helen/shelves/read"],
    ["catalogue", "/books"],
    ["sign in", "/signin"],
    ["API reference", "/api"],
    ["error", "/books/999999"],
  ];
  const signedIn = [
    ["home", "/"],
    ["book", "/books/1"],
    ["review", "/reviews/1"],
    ["my books", "/users/helen"],
    ["a shelf", "/users/helen/shelves/all"],
    ["catalogue", "/books"],
    ["settings", "/settings"],
    ["notifications", "/notifications"],
    ["friends", "/friends"],
    ["people", "/people?q=a"],
    ["moderation", "/moderation"],
    ["import", "/import"],
    ["add a book", "/books/new"],
    ["error", "/books/999999"],
  ];
  for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      for (const [name, url] of signedOut) {
        await page.goto(BASE + url);
        assert.ok((await overflow(page)) <= 0, `${name} signed out, ${size}: ${await overflow(page)}px too wide`);
      }
      await signIn(page, "helen", "dogear-demo");
      for (const [name, url] of signedIn) {
        await page.goto(BASE + url);
        assert.ok((await overflow(page)) <= 0, `${name} signed in, ${size}: ${await overflow(page)}px too wide`);
        if (["home", "book", "review", "settings", "error"].includes(name)) {
          await page.screenshot({ path: path.join(ARTIFACTS, `signed-in-${name}-${viewport.width}-${colorScheme}.png`) });
        }
      }
      // The signed-in error page wears the reader's header, and axe finds it sound.
      await page.goto(BASE + "/books/999999");
      assert.match(await page.textContent("h1"), /Not found/);
      assert.ok((await page.locator("header.site a[href^='/users/helen']").count()) > 0, "the reader's menu");
      assert.equal(await page.locator("header.site a[href='/signin']").count(), 0, "no way in: they are in");
      await checkA11y(page, `error page, ${size}, ${colorScheme}`);
      if (size === "phone") {
        await page.click("details.nav-menu summary");
        await checkA11y(page, `the open menu, ${colorScheme}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `menu-open-${viewport.width}-${colorScheme}.png`) });
      } else {
        assert.ok(await page.getByRole("link", { name: "My books" }).isVisible(), "the nav is a row");
        assert.ok(!(await page.getByRole("link", { name: "Add a book" }).isVisible()), "adding is in the account menu");
        await page.click("details.account-menu summary");
        assert.ok(await page.getByRole("link", { name: "Add a book" }).isVisible());
        assert.ok(await page.getByRole("link", { name: "Import" }).isVisible());
        await page.click("h1");
        assert.ok(!(await page.getByRole("link", { name: "Add a book" }).isVisible()), "a click elsewhere closes it");
      }
      await page.context().close();
    }
  }
});

test("on a phone without JavaScript the menu opens and leads to My books", async () => {
  const page = await newPage({ js: false, viewport: PHONE });
  await signIn(page, "helen", "dogear-demo");
  const myBooks = page.getByRole("link", { name: "My books" });
  assert.equal(await myBooks.count(), 0, "folded away until asked");
  assert.ok((await overflow(page)) <= 0);
  await page.click("details.nav-menu summary");
  assert.equal(await myBooks.count(), 1, "one menu is shown at a time");
  for (const name of ["Friends", "Notifications", "Add a book", "Import", "Settings"]) {
    assert.ok(await page.getByRole("link", { name }).isVisible(), `${name} is in the menu`);
  }
  assert.ok(await page.getByRole("button", { name: "Sign out" }).isVisible());
  await myBooks.click();
  await page.waitForURL(`${BASE}/users/helen/shelves/all`);
  assert.match(await page.textContent("h1"), /Helen Marsh/);
  await page.context().close();
});

for (const js of [true, false]) {
  test(`a refused progress update says why ${js ? "beside its field, and the page stays" : "on a page that leads back"}`, async () => {
    const page = await newPage({ js, viewport: js ? PHONE : DESKTOP });
    await signUp(page, js ? "progress_js" : "progress_nojs");
    await page.goto(`${BASE}/books/new`);
    await page.fill("#title", `Austerlitz ${js}`);
    await page.fill("#authors", "W. G. Sebald");
    await page.fill("#pages", "416");
    await page.click("form[action='/books'] button[type=submit]");
    await page.waitForURL(/\/books\/\d+$/);
    const bookUrl = page.url();
    await page.click("details.edit-reading summary");
    // The browser holds percentages to 0-100 itself...
    assert.equal(await page.$eval("#percent", (el) => { el.value = "150"; return el.checkValidity(); }), false);
    await page.fill("#percent", "");
    // ...but only the server knows how long this book is.
    await page.fill("#page", "500");
    if (js) await markWindow(page);
    await page.click("form[action$='/progress'] button[type=submit]");
    if (js) {
      const note = page.locator("form[action$='/progress'] .field-error");
      await note.waitFor();
      assert.match(await note.textContent(), /The book has 416 pages\./);
      assert.ok(await stillSamePage(page), "the page stays");
      assert.equal(page.url(), bookUrl);
      assert.match(await page.textContent("h1"), /Austerlitz/);
      assert.equal(await page.$eval("#page", (el) => el.nextElementSibling.className), "field-error", "beside its field");
      assert.equal(await page.getAttribute("#page", "aria-invalid"), "true");
      assert.equal(await page.evaluate(() => document.activeElement.id), "page");
      await page.screenshot({ path: path.join(ARTIFACTS, "progress-refused-390.png") });
      // Correcting it clears the note, and the update goes through.
      await page.fill("#page", "120");
      assert.equal(await note.count(), 0);
      await page.click("form[action$='/progress'] button[type=submit]");
      await page.getByText(/is on page 120/).first().waitFor();
    } else {
      await page.getByText("The book has 416 pages.").waitFor();
      assert.match(await page.textContent("h1"), /That didn't work/);
      assert.equal(await page.locator("header.site a[href='/signin']").count(), 0, "the reader's own header");
      await page.getByRole("link", { name: "Go back" }).click();
      await page.waitForURL(bookUrl);
    }
    await page.context().close();
  });
}

for (const js of [true, false]) {
  test(`deleting a review asks first ${js ? "with" : "without"} JavaScript`, async () => {
    const page = await newPage({ js });
    await signUp(page, js ? "deleter_js" : "deleter_nojs");
    await page.goto(`${BASE}/books/1`);
    await page.click("text=Write a review");
    await page.fill("#body", "Too long by half, and I loved every page.");
    await page.click("form[action$='/review'] button[type=submit]");
    await page.waitForURL(/\/reviews\/\d+$/);
    const reviewUrl = page.url();
    if (js) {
      const asked = [];
      page.once("dialog", (dialog) => { asked.push(dialog.message()); dialog.dismiss(); });
      await page.click("form[action$='/delete'] button[type=submit]");
      await page.waitForTimeout(200);
      assert.match(asked[0] || "", /Delete this review\?/);
      assert.equal(page.url(), reviewUrl, "kept when the reader says no");
      page.once("dialog", (dialog) => dialog.accept());
      await page.click("form[action$='/delete'] button[type=submit]");
    } else {
      await page.click("form[action$='/delete'] button[type=submit]");
      await page.getByRole("heading", { name: "Delete this review?" }).waitFor();
      await page.getByRole("button", { name: "Delete the review" }).click();
    }
    await page.waitForURL(/\/books\/1/);
    await page.getByText("Your review was deleted.").waitFor();
    assert.equal((await page.goto(reviewUrl)).status(), 404);
    await page.context().close();
  });
}

test("a flag is acknowledged, and the footer's catalogue lists books", async () => {
  const page = await newPage({ js: true });
  await page.goto(BASE + "/");
  await page.getByRole("link", { name: "Browse the catalogue" }).click();
  await page.waitForURL(`${BASE}/books`);
  assert.ok((await page.locator("article.book-card").count()) > 0, "books to browse");
  await checkA11y(page, "the catalogue");
  const icon = await page.evaluate(async () => {
    const ico = await fetch("/favicon.ico");
    return [ico.status, ico.headers.get("content-type")];
  });
  assert.deepEqual(icon, [200, "image/x-icon"]);
  await signUp(page, "flagger");
  await page.goto(`${BASE}/reviews/1/flag`);
  await page.check("#reason-other");
  await page.fill("#note", "checking the flag notice");
  await page.click("form[action='/flags'] button[type=submit]");
  await page.waitForURL(/\/reviews\/1/);
  assert.match(await page.textContent(".toast"), /your flag was received/);
  assert.doesNotMatch(page.url(), /notice=/, "said once: a reload does not repeat it");
  await page.context().close();
});

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";
  test(`the shelf button shelves a book from a search result and from its page ${mode}`, async () => {
    const page = await newPage({ js });
    const reader = js ? "shelver_js" : "shelver_nojs";
    await signUp(page, reader);
    await page.goto(`${BASE}/search?q=middlemarch`);
    const card = page.locator("article.book-card", { hasText: "Middlemarch" }).first();
    if (js) await page.screenshot({ path: path.join(ARTIFACTS, "search-want-to-read-1280-light.png") });
    if (js) await markWindow(page);
    await card.getByRole("button", { name: "Want to read" }).click();
    await card.locator(".shelf-current", { hasText: "Want to read" }).waitFor();
    if (js) assert.ok(await stillSamePage(page), "shelved without a reload");
    assert.match(page.url(), /\/search\?q=middlemarch/, "back on the results");
    await page.reload();
    assert.match(await card.locator(".shelf-current").textContent(), /Want to read/, "kept after a reload");

    // On the book's page: did not finish, from the menu.
    await card.locator("h3 a").click();
    await page.waitForURL(/\/books\/\d+$/);
    await page.click(".mine details.shelf-menu summary");
    await page.locator(".mine .shelf-options").getByRole("button", { name: "Did not finish" }).click();
    await page.locator(".mine .shelf-current", { hasText: "Did not finish" }).waitFor();
    assert.equal(await page.locator(".mine details.shelf-menu[open]").count(), 0, "the menu closes");
    await page.reload();
    assert.match(await page.textContent(".mine .shelf-current"), /Did not finish/);
    assert.equal(await page.getByText("Not on my shelves").count(), 0);
    await page.goto(`${BASE}/users/${reader}/shelves/did-not-finish`);
    assert.match(await page.textContent("table.shelf"), /Middlemarch[\s\S]*Did not finish/);
    assert.doesNotMatch(await (await page.goto(`${BASE}/users/${reader}/shelves/to-read`)).text(), /Middlemarch/, "it left want-to-read");
    await page.context().close();
  });
}

test("arrowing along the stars saves the rating once", async () => {
  const page = await newPage({ js: true });
  await signUp(page, "arrower");
  await page.goto(`${BASE}/books/2`);
  const posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/rating")) posts.push(request.url());
  });
  await page.click("label[for='stars-0-5']");
  await page.getByText("My rating: 0.5 stars").waitFor();
  assert.equal(posts.length, 1, "a click saves at once");
  await page.focus("#stars-0-5");
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  await page.getByText("My rating: 3.5 stars").waitFor();
  // Long enough for any further save the keys might have queued to be sent.
  await page.waitForTimeout(1500);
  assert.equal(posts.length, 2, `six steps, one save (${posts.length - 1})`);
  await page.focus("#stars-3-5");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await page.getByText("My rating: 4 stars").waitFor();
  await page.waitForTimeout(1500);
  assert.equal(posts.length, 3, "Enter saves at once, and only once");
  await page.reload();
  assert.ok(await page.isChecked("#stars-4"));
  await page.context().close();
});

test("screenshots of the book page with its shelf button, phone and desktop, light and dark", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      await signIn(page, "helen", "dogear-demo");
      await page.goto(`${BASE}/books/1`);
      await page.screenshot({ path: path.join(ARTIFACTS, `book-${viewport.width}-${colorScheme}.png`), fullPage: true });
      await page.click("details.edit-reading summary");
      await page.click(".mine details.shelf-menu summary");
      assert.ok((await overflow(page)) <= 0, `the open menu and panel fit at ${viewport.width}px`);
      await checkA11y(page, `the open shelf menu, ${viewport.width}, ${colorScheme}`);
      await page.locator(".mine").screenshot({ path: path.join(ARTIFACTS, `book-menu-open-${viewport.width}-${colorScheme}.png`) });
      await page.goto(`${BASE}/users/helen`);
      await page.click("details.add-shelf summary");
      assert.ok((await overflow(page)) <= 0, `the profile's shelf form fits at ${viewport.width}px`);
      await page.screenshot({ path: path.join(ARTIFACTS, `profile-add-shelf-${viewport.width}-${colorScheme}.png`) });
      await page.goto(`${BASE}/search?q=eliot`);
      assert.ok((await overflow(page)) <= 0, `search results with shelf buttons fit at ${viewport.width}px`);
      await page.screenshot({ path: path.join(ARTIFACTS, `search-${viewport.width}-${colorScheme}.png`) });
      await page.context().close();
    }
  }
});

test("a list ranks its books, takes a vote, and fits a phone and a desktop, light and dark", async () => {
  for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await newPage({ js: true, viewport, colorScheme });
      await signIn(page, "helen", "dogear-demo");
      await page.goto(`${BASE}/lists/1?find=austen`);
      assert.match(await page.textContent("h1"), /Classics worth a long winter/);
      const ranks = (await page.locator(".list-books .rank").allTextContents()).map((r) => r.replace(".", "").trim());
      assert.deepEqual(ranks.slice(0, 3), ["1", "2", "3"], "numbered from the top");
      assert.ok((await page.locator(".add-found").count()) > 0, "the search offers books to add");
      assert.ok((await overflow(page)) <= 0, `list page, ${size}: ${await overflow(page)}px too wide`);
      await page.screenshot({ path: path.join(ARTIFACTS, `list-${viewport.width}-${colorScheme}.png`), fullPage: true });
      await checkA11y(page, `list page, ${size}, ${colorScheme}`);
      await page.goto(`${BASE}/lists`);
      assert.ok((await overflow(page)) <= 0, `lists, ${size}: ${await overflow(page)}px too wide`);
      if (size === "phone") {
        await page.screenshot({ path: path.join(ARTIFACTS, `lists-${viewport.width}-${colorScheme}.png`), fullPage: true });
      }
      await page.goto(`${BASE}/lists/1/comments`);
      assert.ok((await overflow(page)) <= 0, `list discussion, ${size}: ${await overflow(page)}px too wide`);
      await page.fill("#comment-body", `A thought at ${size}, ${colorScheme}.`);
      await page.click("form.comment-form button[type=submit]");
      await page.waitForURL(/\/lists\/1\/comments\?page=1/);
      await page.locator("article.comment", { hasText: `A thought at ${size}, ${colorScheme}.` }).waitFor();
      if (size === "phone") {
        await page.screenshot({ path: path.join(ARTIFACTS, `list-discussion-${viewport.width}-${colorScheme}.png`), fullPage: true });
      }
      await page.context().close();
    }
  }
  // A new reader's vote lifts the last book's count, and can be taken back.
  const page = await newPage({ js: true, viewport: PHONE });
  await signUp(page, "lister");
  await page.goto(`${BASE}/lists/1`);
  const last = page.locator(".list-books .list-entry").last();
  const before = await last.locator(".meta").textContent();
  await last.getByRole("button", { name: "Vote for this" }).click();
  await page.waitForLoadState();
  const voted = page.locator(".list-books .list-entry", { hasText: "Take back my vote" });
  assert.equal(await voted.count(), 1, "one vote, shown as the reader's");
  assert.notEqual(await voted.locator(".meta").textContent(), before);
  await voted.getByRole("button", { name: "Take back my vote" }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator(".list-books .list-entry", { hasText: "Take back my vote" }).count(), 0);
  await page.context().close();
});
