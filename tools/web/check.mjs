// make test-web: briefkit's web pages in Debian's Chromium, driven by puppeteer-core.
//
//   node tools/web/check.mjs OUT_DIR PAGE.html [PAGE.html ...]
//
// For each page, at a desktop width (1280 px) and a phone's (375 px): axe-core's violations
// (WCAG 2.x A/AA and best practices), the smallest computed size of running text, whether
// anything is wider than the screen, whether a URL piece was broken inside, the text of each
// printed URL, CJK text without a `lang`; then the page printed by the browser to
// OUT_DIR/<name>.print.pdf and screenshots OUT_DIR/<name>.<width>.png. One JSON report on
// stdout; tests/web/ judges it. The browser is $CHROMIUM or /usr/bin/chromium; nothing is
// downloaded.
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [outDir, ...pages] = process.argv.slice(2);
const WIDTHS = [1280, 375];

// runs in the page: everything the tests judge besides axe
function measure() {
  const running = document.querySelectorAll(
    ".body p, .body li, .abstract p, .notes li, .bibliography li, .profile p, " +
      ".back-matter p, .back-matter span",
  );
  let minText = Infinity;
  for (const el of running) {
    if (!el.textContent.trim()) continue;
    minText = Math.min(minText, parseFloat(getComputedStyle(el).fontSize));
  }
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll(".briefing *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5) wide.push(el.tagName + ":" + el.textContent.slice(0, 40));
  }
  const urls = [];
  for (const a of document.querySelectorAll(".url")) {
    const pieces = [...a.children].filter((s) => s.tagName === "SPAN");
    const broken = pieces.filter((s) => !s.classList.contains("url-long") && s.getClientRects().length > 1);
    urls.push({
      href: a.getAttribute("href") ?? a.textContent, // a bare address links nowhere
      text: a.textContent,
      lines: new Set([...a.getClientRects()].map((r) => Math.round(r.top))).size,
      brokenPieces: broken.map((s) => s.textContent),
    });
  }
  // an author's name set on more than one line (a phone broke "Ji-ho Park" after its hyphen)
  const brokenNames = [...document.querySelectorAll(".author-name")]
    .filter((s) => new Set([...s.getClientRects()].map((r) => Math.round(r.top))).size > 1)
    .map((s) => s.textContent);
  // each fancy list's numbering as drawn (`type="a"` lists were numbered "A." by a CSS rule
  // for `type="A"`: browsers match `type` selectors without regard to case)
  const lists = [...document.querySelectorAll("ol[type]")].map((ol) => ({
    type: ol.getAttribute("type"),
    style: getComputedStyle(ol).listStyleType,
  }));
  const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]/;
  const pageLang = document.documentElement.lang.toLowerCase();
  const unlabelled = [];
  if (!/^(ja|zh|ko)/.test(pageLang)) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!cjk.test(n.data)) continue;
      const lang = (n.parentElement.closest("[lang]")?.getAttribute("lang") || "").toLowerCase();
      if (!/^(ja|zh|ko)/.test(lang)) unlabelled.push(n.data.slice(0, 30));
    }
  }
  return {
    minText,
    scrollWidth: document.documentElement.scrollWidth,
    width,
    wide: wide.slice(0, 10),
    urls,
    unlabelledCjk: unlabelled,
    brokenNames,
    lists,
  };
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
const report = [];
try {
  for (const file of pages) {
    const name = basename(file, ".html");
    const entry = { page: file, views: [] };
    const page = await browser.newPage();
    await page.setBypassCSP(true); // the page's CSP allows no script: axe is injected
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
      await page.addScriptTag({ content: AXE });
      const axe = await page.evaluate(async () => {
        const result = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
          count: v.nodes.length,
        }));
      });
      const metrics = await page.evaluate(measure);
      await page.screenshot({ path: join(outDir, `${name}.${width}.png`), fullPage: true });
      entry.views.push({ width, violations: axe, ...metrics });
    }
    await page.emulateMediaType("print");
    await page.pdf({ path: join(outDir, `${name}.print.pdf`), preferCSSPageSize: true });
    entry.printPdf = join(outDir, `${name}.print.pdf`);
    await page.close();
    report.push(entry);
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
