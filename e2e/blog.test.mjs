// Browser tests of the built demo blog, in Debian's Chromium driven by playwright-core.
// `make e2e` builds the demo into build/e2e/root/masthead-demo/ (the sub-path GitHub
// Pages serves it under) and runs these with `node --test`. Screenshots of every page
// checked are saved to build/e2e/ as artifacts.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(process.env.E2E_ROOT ?? join(here, "../build/e2e/root"));
const SHOTS = resolve(process.env.E2E_SHOTS ?? join(here, "../build/e2e"));
const BASE_PATH = "/masthead-demo/";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

let server;
let browser;
let base;

// A static server over the built site, as GitHub Pages serves it: folders answer
// with their index.html, anything else missing is a 404.
function serve(root) {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
}

before(async () => {
  assert.ok(existsSync(join(ROOT, BASE_PATH, "index.html")), `no built site under ${ROOT}`);
  mkdirSync(SHOTS, { recursive: true });
  server = serve(ROOT);
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${server.address().port}${BASE_PATH}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    // The machine has no network: keep Chromium from trying to reach Google.
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
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

// A page of the site with everything off-site refused (fonts from Google, say), so a
// test never waits on the network and shows the site as it works offline.
async function open(path, { colorScheme = "light", width = 1280 } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort(),
  );
  const failed = [];
  page.on("response", (r) => {
    // Every request answered (feeds are linked with rel="alternate feed", so Material
    // looks for no sitemap.xml beside them: frontmatter/feeds.py).
    if (r.status() >= 400) {
      failed.push(`${r.status()} ${r.url()}`);
    }
  });
  await page.goto(base + path, { waitUntil: "load" });
  return { page, context, failed };
}

async function shot(page, name) {
  // From the top: Material's header is sticky and would be drawn where the test
  // left the page scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// The first post with an FAQ, and its first tag, read from the built blog index.
async function firstPostWithFaq() {
  const { page, context } = await open("blog/");
  const links = await page.$$eval("article.masthead-card .masthead-card__title a", (as) =>
    as.map((a) => a.href),
  );
  await context.close();
  for (const href of links) {
    const { page: post, context: ctx } = await open(href.slice(base.length));
    const questions = await post.locator("details.masthead-faq__item").count();
    await ctx.close();
    if (questions >= 2) return href.slice(base.length);
  }
  throw new Error("no post with an FAQ of two questions or more");
}

test("the blog index shows cards with loaded thumbnails", async () => {
  const { page, context, failed } = await open("blog/");
  const cards = page.locator("article.masthead-card");
  assert.ok((await cards.count()) >= 5, "cards on the blog index");
  const images = page.locator("article.masthead-card .masthead-card__media img");
  const count = await images.count();
  assert.ok(count >= 5, "cards with a thumbnail");
  for (let i = 0; i < count; i++) {
    const image = images.nth(i);
    await image.scrollIntoViewIfNeeded(); // thumbnails load lazily
    await page.waitForFunction((img) => img.complete, await image.elementHandle());
    const width = await image.evaluate((img) => img.naturalWidth);
    assert.ok(width > 0, `thumbnail ${await image.getAttribute("src")} did not load`);
  }
  assert.deepEqual(failed, []);
  await shot(page, "blog-index");
  await context.close();
});

test("an FAQ question opens by click and by keyboard", async () => {
  const path = await firstPostWithFaq();
  const { page, context } = await open(path);
  const items = page.locator("details.masthead-faq__item");
  const first = items.nth(0);
  const second = items.nth(1);
  assert.equal(await first.evaluate((d) => d.open), false);
  await first.locator("summary").click();
  assert.equal(await first.evaluate((d) => d.open), true, "opened by click");
  assert.ok(await first.locator("summary ~ *").first().isVisible(), "answer visible");

  // Keyboard: Tab from the first question reaches the second; Enter opens it and
  // Space closes it again.
  await first.locator("summary").focus();
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  assert.equal(focused, (await second.locator("summary").textContent()).trim());
  await page.keyboard.press("Enter");
  assert.equal(await second.evaluate((d) => d.open), true, "opened by Enter");
  await page.keyboard.press(" ");
  assert.equal(await second.evaluate((d) => d.open), false, "closed by Space");
  await page.keyboard.press(" ");
  await shot(page, "post");
  await context.close();
});

test("a tag chip leads to its tag page, which lists the post", async () => {
  const path = await firstPostWithFaq();
  const { page, context } = await open(path);
  const title = (await page.locator(".masthead-post-header h1").textContent()).trim();
  const chip = page.locator(".masthead-post-header a.md-tag").first();
  const name = (await chip.textContent()).trim().replace(/^#/, "");
  await Promise.all([page.waitForURL(/\/blog\/tags\/[^/]+\/$/), chip.click()]);
  assert.match(page.url(), new RegExp(`^${base}blog/tags/[^/]+/$`));
  assert.equal((await page.locator("h1").first().textContent()).trim(), name);
  const listed = await page.$$eval(".masthead-card__title a", (as) => as.map((a) => a.textContent.trim()));
  assert.ok(listed.includes(title), `${title} is on the page of tag ${name}`);
  await shot(page, "tag");
  await context.close();
});

test("the dark scheme keeps text readable", async () => {
  const path = await firstPostWithFaq();
  for (const [name, where] of [["blog-index-dark", "blog/"], ["post-dark", path]]) {
    const { page, context } = await open(where, { colorScheme: "dark" });
    assert.equal(await page.locator("body").getAttribute("data-md-color-scheme"), "slate");
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "rule", values: ["color-contrast"] } }),
    );
    const problems = result.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
    assert.deepEqual(problems, [], `text without enough contrast on ${where}`);
    await shot(page, name);
    await context.close();
  }
});

test("axe-core finds no serious or critical problem", async () => {
  const pages = [
    ["home", ""],
    ["blog-index", "blog/"],
    ["post", await firstPostWithFaq()],
    ["tags", "blog/tags/"],
    ["tag", "blog/tags/seo/"],
  ];
  const found = {};
  for (const [name, path] of pages) {
    const { page, context } = await open(path);
    const violations = await axe(page);
    if (violations.length) found[name] = violations;
    if (name === "tags" || name === "home") await shot(page, name);
    await context.close();
  }
  assert.deepEqual(found, {});
});
