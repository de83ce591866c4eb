// Adding a book by ISBN from Open Library: a local server replays Open
// Library's recorded answers, the site is pointed at it, and the reader sees
// the book made with its cover. The lookup page is kept at 390 and 1280 px,
// light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import {
  ARTIFACTS, BASE, DESKTOP, PHONE, checkA11y, checkSecurity, newPage, overflow, signUp, useSite,
} from "./site.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const FIXTURES = path.join(here, "..", "..", "shared", "fixtures", "bookdata");
const fixture = (name) => readFileSync(path.join(FIXTURES, name));
// A cover image: a small PNG drawn here (the site re-encodes it as JPEG).
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([40 + (x % 160), 90, 150 + (y % 100)], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
const COVER = png(120, 180);

const routes = {
  "/isbn/9780060273224.json": () => [302, { location: "/books/OL22951843M.json" }, ""],
  "/books/OL22951843M.json": () => [200, { "content-type": "application/json" }, fixture("ol_edition.json")],
  "/works/OL15832982W.json": () => [200, { "content-type": "application/json" }, fixture("ol_work.json")],
  "/authors/OL382982A.json": () => [200, { "content-type": "application/json" }, JSON.stringify({ key: "/authors/OL382982A", name: "Garth Nix" })],
  "/b/id/6796986-L.jpg": () => [200, { "content-type": "image/png" }, COVER],
};

const replay = http.createServer((req, res) => {
  const route = routes[new URL(req.url, "http://x").pathname];
  const [status, headers, body] = route ? route() : [404, {}, "not found"];
  res.writeHead(status, headers);
  res.end(body);
});
await new Promise((resolve) => replay.listen(0, "127.0.0.1", resolve));
const REPLAY = `http://127.0.0.1:${replay.address().port}`;
// The site `useSite` starts reads these.
process.env.DOGEAR_OPEN_LIBRARY_URL = REPLAY;
process.env.DOGEAR_OPEN_LIBRARY_COVERS_URL = REPLAY;
process.env.DOGEAR_FEDERATION_ALLOW_PRIVATE = "true";
process.env.DOGEAR_NO_COVER_FETCHING = "true";

useSite();

test("a reader adds a book by its ISBN and sees its cover", async () => {
  const page = await newPage();
  await signUp(page, "isbnreader");
  await page.goto(`${BASE}/books/new`);
  await page.fill("#lookup-isbn", "0-06-027322-4");
  await page.click("form.lookup-isbn button[type=submit]");
  await page.waitForURL(/\/books\/lookup\?q=/);
  const response = await page.reload();
  await checkSecurity(page, response, "lookup");
  await checkA11y(page, "lookup");
  const candidate = page.locator("li.candidate").first();
  assert.match(await candidate.innerText(), /Sabriel[\s\S]*Garth Nix[\s\S]*Harper Trophy/);
  for (const [viewport, size] of [[PHONE, "390"], [DESKTOP, "1280"]]) {
    for (const colorScheme of ["light", "dark"]) {
      const shot = await newPage({ viewport, colorScheme });
      await signUp(shot, `look${size}${colorScheme}`);
      await shot.goto(`${BASE}/books/lookup?q=9780060273224`);
      assert.equal(await overflow(shot), 0, `lookup at ${size} ${colorScheme} scrolls sideways`);
      await shot.screenshot({ path: path.join(ARTIFACTS, `lookup-${size}-${colorScheme}.png`), fullPage: true });
      await shot.context().close();
    }
  }
  await candidate.locator("button[type=submit]").click();
  await page.waitForURL(/\/books\/\d+$/);
  assert.match(await page.locator("h1").innerText(), /Sabriel/);
  const cover = page.locator("main img[src^='/covers/'][src$='.jpg']").first();
  await cover.waitFor();
  const loaded = await cover.evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(loaded, "the fetched cover shows");
  await page.screenshot({ path: path.join(ARTIFACTS, "lookup-added-1280-light.png"), fullPage: true });
  await page.context().close();
  replay.close();
});
