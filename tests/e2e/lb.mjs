// What the user sees of Likeback on mini X, read through the DOM contract (DESIGN.md).
// Shared by the browser tests and the benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Waits until the extension has judged the page (`data-lb-health` set). */
export async function health(page, timeout = 10_000) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-lb-health'), null, { timeout });
  return page.evaluate(() => document.documentElement.getAttribute('data-lb-health'));
}

/** Waits until every mounted tweet article has been processed, then one more frame. */
export async function settled(page) {
  await page.waitForFunction(() => {
    const arts = [...document.querySelectorAll('[data-testid="cellInnerDiv"] article[data-testid="tweet"]')];
    // A processed article names the post it shows (X may reuse an article for another post).
    return arts.length > 0 && arts.every((a) => {
      if (!a.hasAttribute('data-lb-kind')) return false;
      if (a.dataset.lbKind === 'promoted' || a.dataset.lbKind === 'unknown') return true;
      const link = [...a.querySelectorAll('time')].map((t) => t.closest('a[href*="/status/"]')).find(Boolean);
      return link && link.getAttribute('href').split('/status/')[1].split('/')[0] === a.dataset.lbPost;
    });
  }, null, { timeout: 10_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Every mounted cell holding a tweet, as the user sees it. */
export function cells(page) {
  return page.$$eval('[data-testid="cellInnerDiv"]', (cells) => cells
    .filter((c) => c.querySelector('article[data-testid="tweet"]'))
    .map((c) => {
      const a = c.querySelector('article[data-testid="tweet"]');
      const bar = c.querySelector(':scope > [data-lb="repost-bar"]');
      const visible = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
      // The article still shows the post it was processed as (X reuses cells for other posts).
      const link = [...a.querySelectorAll('time')].map((t) => t.closest('a[href*="/status/"]')).find(Boolean);
      const shown = link?.getAttribute('href').split('/status/')[1].split('/')[0] ?? null;
      return {
        current: !!a.dataset.lbKind && (['promoted', 'unknown'].includes(a.dataset.lbKind) || shown === a.dataset.lbPost),
        kind: a.dataset.lbKind ?? null,
        post: a.dataset.lbPost ?? null,
        author: a.dataset.lbAuthor ?? null,
        liked: a.dataset.lbLiked ?? null,
        collapsed: c.dataset.lbCollapsed ?? null,
        hidden: c.dataset.lbHidden ?? null,
        articleVisible: visible(a),
        height: c.getBoundingClientRect().height,
        bar: bar ? {
          text: bar.textContent,
          visible: visible(bar),
          reposter: bar.querySelector('[data-lb="reposter"]')?.textContent ?? null,
          author: bar.querySelector('[data-lb="repost-author"]')?.textContent ?? null,
          words: bar.querySelector('[data-lb="repost-text"]')?.textContent ?? null,
          expanded: bar.getAttribute('aria-expanded'),
          tabindex: bar.getAttribute('tabindex'),
          elements: bar.querySelectorAll('*').length,
          foreign: [...bar.querySelectorAll('*')].filter((e) => !e.hasAttribute('data-lb')).map((e) => e.tagName),
          for: bar.dataset.lbFor,
        } : null,
        reposterHref: a.querySelector('[data-testid="socialContext"]')?.closest('a')?.getAttribute('href') ?? null,
      };
    }));
}

/**
 * The cells once every one of them is processed, read in one piece: a page of posts arriving
 * between `settled` and the read (a slow machine) reuses cells, so the read is repeated until
 * it shows no cell changed since it was processed.
 */
export async function settledCells(page, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    await settled(page);
    const now = await cells(page);
    if (now.every((c) => c.current)) return now;
    if (Date.now() > end) throw new Error(`cells not processed: ${JSON.stringify(now.filter((c) => !c.current))}`);
  }
}

/**
 * Scrolls the whole timeline (fetching later pages as mini X does) and returns every cell seen,
 * keyed by post id and reposter, each as it looked when first seen.
 */
export async function scrollThrough(page, { onStep } = {}) {
  const seen = new Map();
  await page.evaluate(() => window.lbFixture.scrollTo(0));
  let lastY = -1;
  for (let step = 0; step < 80; step++) {
    const now = await settledCells(page);
    if (onStep) await onStep(now, step);
    for (const c of now) {
      const key = `${c.post}|${c.reposterHref ?? ''}`;
      if (!seen.has(key)) seen.set(key, c);
    }
    const { y, max } = await page.evaluate(async () => {
      window.scrollBy(0, Math.round(window.innerHeight * 0.8));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight };
    });
    if (y === lastY && y >= max - 1) break;
    lastY = y;
  }
  return seen;
}

/** What `data-lb-kind` should say for a fixture row: my own posts are never reposts. */
export const expectedKind = (row) => (row.own ? 'original' : row.lbKind);

/** Finds a fixture row for a cell. */
export const rowOf = (rows, cell) => (cell.kind === 'promoted'
  ? rows.find((r) => r.kind === 'promoted')
  : rows.find((r) => r.id === cell.post && (r.reposter ? `/${r.reposter}` : null) === cell.reposterHref)
    ?? rows.find((r) => r.id === cell.post));

/**
 * Sets a repost mode for a kind of page through the options page UI, then goes back to the
 * X tab as a user would (a tab in the background gets no animation frames, so Chromium would
 * hold back its drawing).
 */
export async function chooseMode(options, kind, mode, back) {
  await options.bringToFront();
  await options.evaluate(() => { document.querySelector('[data-lb="status"]').textContent = ''; });
  await options.locator(`fieldset[data-lb="mode"][data-lb-kind="${kind}"] input[data-lb-mode="${mode}"]`).check();
  await options.waitForFunction(() => document.querySelector('[data-lb="status"]')?.textContent !== '');
  if (back) await back.bringToFront();
}

/** Every attribute or element the extension wrote on the page. */
export function extensionMarks(page) {
  return page.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.getAttributeNames()) {
        if (a.startsWith('data-lb') && !(e === document.documentElement && a === 'data-lb-health')) out.push(`${e.tagName}[${a}]`);
      }
    }
    return out;
  });
}

/**
 * An extension page kept open to talk to the background, as the options page does. Opening it
 * puts it in front; the X tab that was in front goes back there (a tab in the background gets
 * no animation frames, and the user would be looking at X).
 */
async function extensionPage(x) {
  if (!x.__lbPage || x.__lbPage.isClosed()) {
    const front = x.context.pages().filter((p) => p.url().startsWith('https://')).at(-1);
    x.__lbPage = await x.openExtensionPage('options.html');
    await x.__lbPage.waitForSelector('[data-lb="data"]');
    if (front) await front.bringToFront();
  }
  return x.__lbPage;
}

/** Sends a message to the background from an extension page; returns its reply. */
export async function ask(x, message) {
  const page = await extensionPage(x);
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

/** The ledger as the export shows it: {received: Set('who|post'), given: Set('who|post'), file}. */
export async function ledger(x) {
  const reply = await ask(x, { type: 'export' });
  const file = JSON.parse(reply.text);
  const set = (type) => new Set(file.events.filter((e) => e.type === type).map((e) => `${e.who}|${e.post}`));
  return { received: set('received'), given: set('given'), file };
}

/** Polls the ledger until `ok(ledger)` holds (the content script sends what it learns asynchronously). */
export async function waitLedger(x, ok, what = 'the ledger', timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  let error;
  while (Date.now() < end) {
    try {
      last = await ledger(x);
      if (ok(last)) return last;
    } catch (e) {
      // The extension may be restarting (a reload, a stopped worker): ask again.
      error = e;
      x.__lbPage = null;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; received=${[...(last?.received ?? [])]} given=${[...(last?.given ?? [])]} ${error ?? ''}`);
}

export const pairs = (who, posts) => [].concat(who).flatMap((w) => [].concat(posts).map((p) => `${w}|${p}`));
export const sameSet = (a, b) => a.size === b.size && [...a].every((v) => b.has(v));

/**
 * Imports an export file made of `data` (a Likeback export; missing header fields filled in)
 * through the options page's file input, as a user restoring a backup does. Returns the
 * options page and how long the import took (ms).
 */
export async function importExport(x, data, { timeout = 30_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-import-'));
  const file = path.join(dir, 'likeback-import.json');
  fs.writeFileSync(file, JSON.stringify({
    format: 'likeback', version: 1, exported_at: new Date().toISOString(), me: 'hana_lb', settings: { window: 'all' }, team: [], events: [], ...data,
  }));
  try {
    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('input[data-lb="import"]');
    const started = Date.now();
    const statusNow = () => options.evaluate(() => document.querySelector('[data-lb="import-status"]')?.textContent ?? '');
    const done = () => options.waitForFunction(() => /Imported|インポートしました|Not imported|インポートできませんでした/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''), null, { timeout });
    await options.locator('input[data-lb="import"]').setInputFiles(file);
    // The page says "Reading the file…" as soon as it has the file; when a fresh browser's
    // first file choice never reached the page (seen once in a while right after launch), the
    // file is chosen again. A page that had the file and then hangs still fails here.
    await options.waitForFunction(() => (document.querySelector('[data-lb="import-status"]')?.textContent ?? '') !== '', null, { timeout: 5_000 })
      .catch(() => options.locator('input[data-lb="import"]').setInputFiles(file));
    await done().catch(async (e) => { throw new Error(`${e.message}; the import status said: "${await statusNow()}"`); });
    const ms = Date.now() - started;
    const status = await options.locator('[data-lb="import-status"]').textContent();
    if (/Not imported|インポートできませんでした/.test(status)) throw new Error(`import refused: ${status}`);
    return { options, ms, status, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs in the page (pass it to `page.evaluate`, or its source to a WebDriver script): what each
 * post's badge covers of X's header, the name, handle and date as drawn and the ⋯ menu, as
 * "<badge text> over <left>,<top> <width>×<height>" (none when nothing is covered).
 */
export function badgeOverlaps() {
  return [...document.querySelectorAll('article > [data-lb="badge"]')].flatMap((badge) => {
    const b = badge.getBoundingClientRect();
    const text = document.createTreeWalker(badge.parentElement.querySelector('[data-testid="User-Name"]'), NodeFilter.SHOW_TEXT);
    const drawn = [];
    for (let t = text.nextNode(); t; t = text.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(t);
      drawn.push(...range.getClientRects());
    }
    const caret = badge.parentElement.querySelector('[data-testid="caret"]');
    return [...drawn, ...(caret ? [caret.getBoundingClientRect()] : [])]
      .filter((r) => r.width && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
      .map((r) => `${badge.textContent} over ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
}
