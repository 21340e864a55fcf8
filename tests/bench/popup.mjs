// Benchmark: the toolbar popup with 5,000 people owed and 100,000 events in the ledger: first
// paint of the owed list against a blank page of the extension running one script, opened the
// same way. Prints figures; never fails on time.
//   node tests/bench/popup.mjs
// POPUP_BEFORE=<extension folder of another build>: that build's popup, copied into the same
// extension (same store, same browser), opened alternately with this one: a paired comparison,
// steadier than two runs. (Only for builds whose popup loads its files by relative paths.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, launch } from '../e2e/harness.mjs';
import { importExport } from '../e2e/lb.mjs';
import { bigExport } from './ledger.mjs';

// POPUP_OPENINGS=<n>: more openings, for a paired comparison of builds whose gap is in the noise.
const OPENINGS = Number(process.env.POPUP_OPENINGS) || 30;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

// The popup's worst case: 5,000 people owed. Counted over all time; the 10,000 received likes
// spread over all 5,000 people, the 90,000 given ones over 1,000 others.
const data = bigExport();
let r = 0;
let g = 0;
for (const e of data.events) e.who = e.type === 'received' ? `person_${r++ % 5000}` : `person_${5000 + (g++ % 1000)}`;
// The floor: a blank page of the same extension running one module script that writes one
// word, opened the same way. What Chromium spends before any page of ours can run code and
// paint; the popup cannot be faster.
const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-bench-ext-'));
fs.cpSync(EXTENSION_DIR, ext, { recursive: true });
fs.writeFileSync(path.join(ext, 'floor.html'), '<!doctype html><meta charset="utf-8"><main id="app"></main><script type="module" src="floor.js"></script>');
fs.writeFileSync(path.join(ext, 'floor.js'), "performance.mark('floor'); document.getElementById('app').textContent = 'Likeback';");
const before = process.env.POPUP_BEFORE;
if (before) {
  for (const f of ['popup.html', 'popup.js', 'popup.bundle.js', 'pages.css', 'pkg']) {
    if (!fs.existsSync(path.join(before, f))) continue;
    fs.cpSync(path.join(before, f), path.join(ext, 'before', f), { recursive: true });
  }
}
// First contentful paint of the page (waits for it: it comes a frame after the DOM has it).
const firstPaint = (page) => page.evaluate(() => new Promise((resolve) => {
  new PerformanceObserver((list, obs) => {
    const e = list.getEntriesByName('first-contentful-paint')[0];
    if (e) { obs.disconnect(); resolve(e.startTime); }
  }).observe({ type: 'paint', buffered: true });
}));
const x = await launch({ lang: 'en', extension: ext });
try {
  await importExport(x, { ...data, settings: { window: 'all' } }, { timeout: 120_000 });
  const first = [];
  const ready = [];
  const ours = [];
  const wasm = [];
  const opening = [];
  const paint = [];
  const floor = [];
  const floorPaint = [];
  const over = [];
  const beforeFirst = [];
  const beforePaint = [];
  let people = 0;
  let rows = 0;
  // The other build's popup, in turn before and after this one's.
  const openBefore = async () => {
    const other = await x.openExtensionPage('before/popup.html');
    await other.waitForFunction(() => performance.getEntriesByName('likeback-popup-first').length);
    beforeFirst.push(await other.evaluate(() => performance.getEntriesByName('likeback-popup-first')[0].startTime));
    beforePaint.push(await firstPaint(other));
    await other.close();
  };
  for (let i = 0; i < OPENINGS; i++) {
    if (before && i % 2 === 1) await openBefore();
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="owed-total"]');
    // The first view draws the first rows, then the full popup the whole page in their place.
    await popup.waitForFunction(() => performance.getEntriesByName('likeback-popup-ready').length);
    const t = await popup.evaluate(() => ({
      first: performance.getEntriesByName('likeback-popup-first')[0]?.startTime,
      ready: performance.getEntriesByName('likeback-popup-ready')[0]?.startTime,
      start: performance.getEntriesByName('likeback-popup-start')[0]?.startTime,
      scripts: performance.getEntriesByType('navigation')[0]?.domInteractive,
      people: document.querySelector('.total-words')?.textContent,
      rows: document.querySelectorAll('[data-lb="owed"]').length,
    }));
    first.push(t.first);
    ready.push(t.ready);
    ours.push(t.first - t.start);
    wasm.push(t.start - t.scripts);
    opening.push(t.scripts);
    paint.push(await firstPaint(popup));
    people = t.people;
    rows = t.rows;
    await popup.close();
    const blank = await x.openExtensionPage('floor.html');
    floor.push(await blank.evaluate(async () => {
      while (!performance.getEntriesByName('floor').length) await new Promise((r) => setTimeout(r, 5));
      return performance.getEntriesByName('floor')[0].startTime;
    }));
    floorPaint.push(await firstPaint(blank));
    over.push(paint.at(-1) - floorPaint.at(-1));
    await blank.close();
    if (before && i % 2 === 0) await openBefore();
  }
  const ms = (xs) => `median ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms`;
  console.log('Likeback popup benchmark: 100,000 events (%s; %d rows listed), opened %d times', people.trim(), rows, OPENINGS);
  console.log('  first paint of the owed list        %s (from navigation)', ms(paint));
  console.log('  first paint of a blank page         %s (the floor: one script writes one word)', ms(floorPaint));
  console.log('  list paint − blank paint            %s (each opening against the blank page after it; target 15 ms)', ms(over));
  console.log("  the blank page's script runs        %s", ms(floor));
  console.log('  list in the page (from navigation)  %s (budget 100 ms; the first view\'s rows)', ms(first));
  console.log('  whole popup in the page             %s (the full popup, loaded after the first rows are painted)', ms(ready));
  console.log("  Likeback's own part (list − floor)   median %s ms", (quantile(first, 0.5) - quantile(floor, 0.5)).toFixed(1));
  console.log('    of which: Chromium opening the page  median %s ms (before any Likeback code runs)', quantile(opening, 0.5).toFixed(1));
  console.log('              loading the first WASM    median %s ms', quantile(wasm, 0.5).toFixed(1));
  console.log('              reading, drawing 1st rows median %s ms, p95 %s ms', quantile(ours, 0.5).toFixed(1), quantile(ours, 0.95).toFixed(1));
  if (before) {
    const pairs = (a, b) => a.map((v, i) => v - b[i]);
    console.log('  the build in %s, opened alternately:', before);
    console.log('    its list paint − blank paint      %s (this build: median %s ms)', ms(pairs(beforePaint, floorPaint)), quantile(over, 0.5).toFixed(1));
    console.log('    its list in the page − floor      median %s ms (this build: %s ms)', quantile(pairs(beforeFirst, floor), 0.5).toFixed(1), quantile(pairs(first, floor), 0.5).toFixed(1));
  }
} finally {
  await x.close();
  fs.rmSync(ext, { recursive: true, force: true });
}
