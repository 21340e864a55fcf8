// The popup with more people owed than it draws at first: its first frame holds only the rows
// it shows (drawn by the small first-view WASM, then again by the full popup), the rest of the
// first 50 follow right after that frame, and "Show all" the others.
// Whatever comes first, the list stays most owed first, each person once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { importExport } from './lb.mjs';
import { snowflake } from '../fixtures/x/entries.mjs';

const PEOPLE = 70;

describe('The popup with 70 people owed', () => {
  let x;
  before(async () => {
    x = await launch({ lang: 'en' });
    // person_0 liked 70 posts of mine, person_1 69, … person_69 one: owed in that order.
    const now = Date.now();
    const mine = Array.from({ length: PEOPLE }, (_, i) => snowflake(now - (i + 1) * 3_600_000, 7));
    const events = [];
    for (let p = 0; p < PEOPLE; p++) {
      for (let k = 0; k < PEOPLE - p; k++) {
        events.push({ type: 'received', who: `person_${p}`, post: mine[k], at: new Date(now - (k + 1) * 3_600_000).toISOString() });
      }
    }
    const { options } = await importExport(x, { events });
    await options.close();
  });
  after(async () => { await x?.close(); });

  const rows = (popup) => popup.$$eval('[data-lb="owed"]', (rs) => rs.map((r) => [r.dataset.lbHandle, Number(r.dataset.lbOwed)]));
  const expected = (n) => Array.from({ length: n }, (_, i) => [`person_${i}`, PEOPLE - i]);

  it('draws the first 50, most owed first, each once', async () => {
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForFunction(() => document.querySelectorAll('[data-lb="owed"]').length === 50);
    assert.deepEqual(await rows(popup), expected(50));
    assert.equal(await popup.locator('[data-lb="owed-total"]').textContent(), String((PEOPLE * (PEOPLE + 1)) / 2));
    await popup.close();
  });

  it('paints its first rows from the small first-view WASM, and the full popup puts the same ones in their place', async () => {
    const popup = await x.context.newPage();
    // What the page holds at the moment the first view says its rows are in (the full popup
    // has not loaded yet: it is fetched only after they are painted).
    await popup.addInitScript(() => {
      const mark = performance.mark.bind(performance);
      performance.mark = (name, ...rest) => {
        if (name === 'likeback-popup-first') {
          const list = document.querySelector('[data-lb="owed-list"]');
          globalThis.firstView = {
            rows: [...document.querySelectorAll('[data-lb="owed"]')].map((r) => r.outerHTML),
            // The list shows no gap below its rows: they fill its height, and more are below.
            filled: list.scrollHeight > list.clientHeight && list.clientHeight >= 300,
            total: document.querySelector('[data-lb="owed-total"]')?.parentElement.outerHTML,
            header: document.querySelector('header')?.outerHTML,
            round: document.querySelector('[data-lb="round-slot"]')?.outerHTML,
            full: performance.getEntriesByName('likeback-popup-full-start').length,
          };
        }
        return mark(name, ...rest);
      };
    });
    await popup.goto(`chrome-extension://${x.extensionId}/popup.html`);
    await popup.waitForFunction(() => performance.getEntriesByName('likeback-popup-ready').length);
    const first = await popup.evaluate(() => globalThis.firstView);
    assert.ok(first, 'the first view drew the rows');
    assert.equal(first.full, 0, 'before the full popup started');
    assert.ok(first.rows.length >= 1 && first.rows.length < 50, 'the rows of the first frame, not all 50');
    assert.ok(first.filled, 'the first rows fill the list');
    const now = await popup.evaluate((n) => ({
      rows: [...document.querySelectorAll('[data-lb="owed"]')].slice(0, n).map((r) => r.outerHTML),
      total: document.querySelector('[data-lb="owed-total"]')?.parentElement.outerHTML,
      header: document.querySelector('header')?.outerHTML,
      round: document.querySelector('[data-lb="round-slot"]')?.outerHTML,
    }), first.rows.length);
    // The same elements, attributes and words, the round's button above the list included:
    // nothing moves when the full popup takes over.
    assert.match(first.round, /data-lb="round-start"/);
    assert.deepEqual(now, { rows: first.rows, total: first.total, header: first.header, round: first.round });
    await popup.waitForFunction(() => document.querySelectorAll('[data-lb="owed"]').length === 50);
    assert.deepEqual(await rows(popup), expected(50));
    await popup.close();
  });

  it('"Show all" adds the others after them, at once after opening too', async () => {
    const popup = await x.openExtensionPage('popup.html');
    // Clicked as soon as it is there: the rows after the first frame may not be yet.
    await popup.locator('[data-lb="show-all"]').click();
    await popup.waitForFunction((n) => document.querySelectorAll('[data-lb="owed"]').length === n, PEOPLE);
    assert.deepEqual(await rows(popup), expected(PEOPLE));
    assert.equal(await popup.locator('[data-lb="show-all"]').count(), 0);
    await popup.close();
  });

  it('a click on the first view\'s "Start the round" is made again by the full popup', async () => {
    const popup = await x.context.newPage();
    // Clicked the moment the first view's rows are in, before the full popup has loaded (the
    // first view's WASM does not message the background: it keeps the click for the popup).
    await popup.addInitScript(() => {
      const mark = performance.mark.bind(performance);
      performance.mark = (name, ...rest) => {
        const out = mark(name, ...rest);
        if (name === 'likeback-popup-first') {
          document.querySelector('[data-lb="round-start"]').click();
        }
        return out;
      };
    });
    const opened = x.context.waitForEvent('page', (p) => p !== popup);
    await popup.goto(`chrome-extension://${x.extensionId}/popup.html`);
    const tab = await opened;
    // The most owed first; no post of theirs is known, so their profile.
    await tab.waitForURL((u) => u.href === 'https://x.com/person_0');
    await tab.close();
  });
});
