// A backup at 1,000,000 events (about 100 MB of JSON): imported through the options page and
// exported again. A runtime message carries at most 64 MiB in Chrome (an export of about
// 580,000 events), so both go in parts over a runtime.Port. Slow (about a minute here): it
// runs with the other browser tests, alone in its file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './harness.mjs';
import { ask } from './lb.mjs';
import { snowflake } from '../fixtures/x/entries.mjs';

const EVENTS = 1_000_000;
const PEOPLE = 5000;
const DAY = 86_400_000;

/** Writes an export file of `EVENTS` distinct likes, a line at a time (no 100 MB string in node). */
function writeBigExport(file, now) {
  const fd = fs.openSync(file, 'w');
  const names = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`person_${i}`, `Person ${i} 🌸`]));
  fs.writeSync(fd, `{"format":"likeback","version":1,"exported_at":"${new Date(now).toISOString()}","me":"hana_lb","settings":{"window":"all"},"team":[],"names":${JSON.stringify(names)},"events":[`);
  let batch = [];
  for (let i = 0; i < EVENTS; i++) {
    const at = now - 3_600_000 - Math.floor((i / EVENTS) * 150 * DAY);
    const who = `person_${i % PEOPLE}`;
    // Given likes on distinct posts; received likes on my posts, distinct per (liker, post).
    const event = i % 10 === 0
      ? { type: 'received', who, post: snowflake(at - 60_000, (i / 10 / PEOPLE) | 0), at: new Date(at).toISOString() }
      : { type: 'given', who, post: snowflake(at - 60_000, i & 0x3fffff), at: new Date(at).toISOString() };
    batch.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(event)}`);
    if (batch.length === 10_000) {
      fs.writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  fs.writeSync(fd, `${batch.join('')}\n]}\n`);
  fs.closeSync(fd);
}

describe('A backup of 1,000,000 events', () => {
  let x;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-big-'));
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('is imported and exported again, whole', { timeout: 420_000 }, async () => {
    const file = path.join(dir, 'likeback-big.json');
    writeBigExport(file, Date.now());
    const bytes = fs.statSync(file).size;
    assert.ok(bytes > 64 * 1024 * 1024, `more than a message can carry (${bytes} bytes)`);

    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('input[data-lb="import"]');
    let started = Date.now();
    await options.locator('input[data-lb="import"]').setInputFiles(file);
    // As in lb.mjs's importExport: a first file choice that never reached the page is made again.
    await options.waitForFunction(() => (document.querySelector('[data-lb="import-status"]')?.textContent ?? '') !== '', null, { timeout: 10_000 })
      .catch(() => options.locator('input[data-lb="import"]').setInputFiles(file));
    await options.waitForFunction(() => /Imported|Not imported/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''), null, { timeout: 240_000 });
    const status = await options.locator('[data-lb="import-status"]').textContent();
    const importMs = Date.now() - started;
    console.log(`import of ${EVENTS} events (${(bytes / 2 ** 20).toFixed(0)} MiB): ${importMs} ms`);
    assert.match(status, /Imported.* 1,?000,?000 /, status);
    const counts = (await ask(x, { type: 'status' })).status;
    assert.equal(counts.received + counts.given, EVENTS);

    started = Date.now();
    const [download] = await Promise.all([
      options.waitForEvent('download', { timeout: 180_000 }),
      options.locator('[data-lb="export-json"]').click(),
    ]);
    const out = path.join(dir, 'exported.json');
    await download.saveAs(out);
    const exportMs = Date.now() - started;
    const exported = fs.readFileSync(out, 'utf8');
    // One event a line: count them without parsing 100 MB into objects.
    const lines = exported.split('\n').filter((l) => l.startsWith('{"type":'));
    assert.equal(lines.length, EVENTS);
    assert.equal(JSON.parse(exported).events.length, EVENTS);
    console.log(`1,000,000 events: file ${(bytes / 2 ** 20).toFixed(0)} MiB, import ${importMs} ms, export ${exportMs} ms, exported ${(exported.length / 2 ** 20).toFixed(0)} MiB`);
  });
});
