// The site under test, shared by the browser suite's files: the demo library
// served from a fresh database, headless Chromium driving it, and the helpers
// every test uses. Each file runs in its own process, with its own site.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const BIN = process.env.DOGEAR_BIN || path.join(here, "..", "target", "debug", "dogear");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ARTIFACTS = path.join(here, "artifacts");
const PORT = 20000 + (process.pid % 10000);
export const BASE = `http://127.0.0.1:${PORT}`;
export const PASSWORD = "correct horse battery";
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let server;
let browser;

/// Starts the site before a file's tests and stops it after them.
export function useSite() {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = mkdtempSync(path.join(tmpdir(), "dogear-e2e-"));
    const database = `sqlite://${dir}/e2e.db`;
    const demo = spawnSync(BIN, ["--database", database, "demo"], { encoding: "utf8" });
    assert.equal(demo.status, 0, demo.stderr);
    // Many readers sign up and in from this one address within a minute, and the
    // suite adds books and flags faster than a reader would: lift those limits.
    server = spawn(BIN, ["--database", database, "serve", "--listen", `127.0.0.1:${PORT}`, "--sign-ins-per-minute", "100000", "--books-per-hour", "100000", "--friend-requests-per-hour", "100000", "--flags-per-hour", "100000", "--comments-per-minute", "100000", "--new-account-comments-per-minute", "0"], { stdio: "inherit" });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) break;
      } catch (_) {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  
  after(async () => {
    if (browser) await browser.close();
    if (server) server.kill();
  });
}

export async function newPage({ js = true, viewport = { width: 1280, height: 900 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport, colorScheme });
  // Every page collects what its Content-Security-Policy refused, for the tests to read.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"}`);
    });
  });
  return context.newPage();
}

/// A page whose console errors (and uncaught exceptions) are kept in
/// `page.consoleErrors`, for a test to require none.
export async function watchedPage(options) {
  const page = await newPage(options);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.consoleErrors = errors;
  return page;
}

/// The page's security headers are in place and its policy refused nothing.
export async function checkSecurity(page, response, name) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] || "";
  assert.ok(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'"), `CSP on ${name}: ${csp}`);
  assert.equal(headers["x-content-type-options"], "nosniff", `nosniff on ${name}`);
  assert.equal(headers["referrer-policy"], "same-origin", `referrer policy on ${name}`);
  const refused = await page.evaluate(() => window.__cspViolations || []);
  assert.deepEqual(refused, [], `CSP violations on ${name}`);
}

export async function signUp(page, username) {
  await page.goto(`${BASE}/signup`);
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await page.click("form[action='/signup'] button[type=submit]");
  await page.waitForURL(`${BASE}/users/${username}`);
}

export async function signIn(page, username, password = PASSWORD) {
  await page.goto(`${BASE}/signin`);
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("form[action='/signin'] button[type=submit]");
  await page.waitForURL(`${BASE}/`);
}

/// Fails on any serious or critical axe violation, listing them.
export async function checkA11y(page, name) {
  // Evaluated, not added as a <script>: the site's policy allows no inline script.
  await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(report, [], `axe on ${name}`);
}

/// Marks the window so a later check can tell whether the page reloaded.
export async function markWindow(page) {
  await page.evaluate(() => {
    window.__dogearMarker = "still here";
  });
}

export async function stillSamePage(page) {
  return page.evaluate(() => window.__dogearMarker === "still here");
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/// How many pixels the page is wider than the window (0 when it fits).
export async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
