// Email pages with mail really going out: a tiny SMTP sink here takes the
// site's mail, and the links in it are followed in the browser. Each page is
// checked (fits, axe, quiet console) and kept as a screenshot at 390 and
// 1280 px, light and dark.
import { before, after, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import path from "node:path";
import { ARTIFACTS, BASE, DESKTOP, PHONE, checkA11y, newPage, overflow, signUp, useSite } from "./site.mjs";

const mails = [];
let sink;

/// Enough SMTP for the site's mailer: each message's text is kept.
function startSink() {
  sink = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    let data = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let at;
      while ((at = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(data.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
            data = "";
            socket.write("250 kept\r\n");
          } else {
            data += (line.startsWith(".") ? line.slice(1) : line) + "\r\n";
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-sink\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else socket.write("250 OK\r\n");
      }
    });
  });
  return new Promise((resolve) => sink.listen(SINK_PORT, "127.0.0.1", resolve));
}

// Set before the site starts: its server takes this process's environment.
const SINK_PORT = 30000 + (process.pid % 10000);
process.env.DOGEAR_SMTP_HOST = "127.0.0.1";
process.env.DOGEAR_SMTP_PORT = String(SINK_PORT);
process.env.DOGEAR_SMTP_TLS = "none";
before(startSink);
useSite();
after(() => sink && sink.close());

/// The path of a link starting with `start` in a mail that came after the
/// first `count - 1`, waiting for it.
async function mailedLink(start, count) {
  const pattern = new RegExp(`${BASE.replace(/[.]/g, "\\.")}(${start.replace("?", "\\?")}[^\\s]+)`);
  for (let i = 0; i < 200; i++) {
    for (const text of mails.slice(count - 1).reverse()) {
      const match = text.match(pattern);
      if (match) return match[1];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no link ${start} in ${mails.slice(count - 1).join("\n----\n")}`);
}

async function shoot(page, label, viewport, colorScheme, expected = 200, response = null) {
  const where = `${label} (${viewport.width}, ${colorScheme})`;
  if (response) assert.equal(response.status(), expected, where);
  assert.ok((await overflow(page)) <= 0, `${where}: too wide`);
  await checkA11y(page, where);
  const file = `email-${label}-${viewport.width}-${colorScheme}.png`.replace(/[ ',]+/g, "-");
  await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
}

let n = 0;
test("the email pages, with mail going out and its links followed", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const colorScheme of ["light", "dark"]) {
      n += 1;
      const name = `mailer${n}`;
      const address = `${name}@example.org`;
      const page = await newPage({ js: true, viewport, colorScheme });
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error" && !m.text().includes("status of 4")) errors.push(m.text());
      });
      await signUp(page, name);
      let sent = mails.length + 1;
      await page.goto(`${BASE}/settings#email`);
      await page.fill("#email-address", address);
      await page.click("form[action='/settings/email#email'] button[type=submit]");
      await page.waitForSelector("text=Check your mail");
      await shoot(page, "settings pending", viewport, colorScheme);
      const verify = await mailedLink("/email/verify?token=", sent);
      await shoot(page, "address confirmed", viewport, colorScheme, 200, await page.goto(BASE + verify));
      await page.goto(`${BASE}/settings#email`);
      await page.check("input[name=mail][value=comment]");
      await page.check("input[name=mail][value=digest]");
      await page.click("form[action='/settings/mail#email'] button[type=submit]");
      await page.waitForSelector("text=Your mail choices are saved");
      await page.locator("#email").scrollIntoViewIfNeeded();
      await shoot(page, "settings email", viewport, colorScheme);

      // A change asks the old address.
      await page.fill("#email-address", `new.${address}`);
      await page.click("form[action='/settings/email#email'] button[type=submit]");
      await page.waitForSelector("text=Check your mail");
      sent += 1;
      const change = await mailedLink("/email/change?token=", sent);
      await shoot(page, "change asked", viewport, colorScheme, 200, await page.goto(BASE + change));

      // Forgot and reset, signed out.
      const visitor = await newPage({ js: true, viewport, colorScheme });
      await shoot(visitor, "forgot", viewport, colorScheme, 200, await visitor.goto(`${BASE}/forgot`));
      await visitor.fill("#email", address);
      await visitor.click("form[action='/forgot'] button[type=submit]");
      await visitor.waitForSelector("text=If an account has that address");
      await shoot(visitor, "forgot sent", viewport, colorScheme);
      sent += 1;
      const reset = await mailedLink("/reset?token=", sent);
      await shoot(visitor, "reset", viewport, colorScheme, 200, await visitor.goto(BASE + reset));
      await visitor.fill("#password", "a brand new password");
      await visitor.click("form[action='/reset'] button[type=submit]");
      await visitor.waitForSelector("text=Your new password is set");
      await shoot(visitor, "reset spent", viewport, colorScheme, 422, await visitor.goto(BASE + reset));
      const unsubscribe = await visitor.goto(`${BASE}/unsubscribe?user=1&kind=digest&sig=00`);
      await shoot(visitor, "unsubscribe", viewport, colorScheme, 200, unsubscribe);
      assert.deepEqual(errors, []);
      await visitor.context().close();
      await page.context().close();
    }
  }
});
