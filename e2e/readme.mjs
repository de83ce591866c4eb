// The README's screenshots: the demo library in headless Chromium, signed in
// as its reader Helen, at 1280 px in the light theme (the review 1800 px tall). Run after `cargo build`:
//
//   cd e2e && npm ci && node readme.mjs      # writes ../docs/screenshots/*.png
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(new URL(import.meta.url).pathname);
const BIN = process.env.DOGEAR_BIN || path.join(here, "..", "target", "debug", "dogear");
const OUT = path.join(here, "..", "docs", "screenshots");
const PORT = 21000 + (process.pid % 5000);
const BASE = `http://127.0.0.1:${PORT}`;

const dir = mkdtempSync(path.join(tmpdir(), "dogear-shots-"));
const database = `sqlite://${dir}/demo.db`;
const demo = spawnSync(BIN, ["--database", database, "demo"], { encoding: "utf8" });
if (demo.status !== 0) throw new Error(demo.stderr);
const server = spawn(BIN, ["--database", database, "serve", "--listen", `127.0.0.1:${PORT}`], { stdio: "ignore" });
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) break;
    } catch (_) {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" })).newPage();
  await page.goto(`${BASE}/signin`);
  await page.fill("#username", "helen");
  await page.fill("#password", "dogear-demo");
  await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);
  await page.screenshot({ path: path.join(OUT, "home.png") });

  await page.goto(`${BASE}/search?q=middlemarch`);
  await Promise.all([page.waitForNavigation(), page.click("main a[href^='/books/']")]);
  await page.screenshot({ path: path.join(OUT, "book.png") });

  await Promise.all([page.waitForNavigation(), page.click("main a[href^='/reviews/']")]);
  // Tall enough to show the review and the start of its numbered conversation.
  await page.setViewportSize({ width: 1280, height: 1800 });
  await page.screenshot({ path: path.join(OUT, "review.png") });
  await browser.close();
  console.log(`screenshots in ${OUT}`);
} finally {
  server.kill();
}
