// Benchmark: the ledger at 30 times the seed's scale: 5,000 people and 100,000 events, one of
// them a heavy like-back practitioner's 90,000 likes given over five months. Prints figures;
// never fails on time.
//   node tests/bench/ledger.mjs
import path from 'node:path';
import { launch } from '../e2e/harness.mjs';
import { importExport } from '../e2e/lb.mjs';
import { snowflake } from '../fixtures/x/entries.mjs';

const PEOPLE = 5000;
const GIVEN = 90_000;
const RECEIVED = 10_000;
const RECORDS = 300;

/** A deterministic pseudo-random sequence, so that every run measures the same data. */
function random(seed) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

export function bigExport(now = Date.now(), myPosts = 300) {
  const rnd = random(42);
  const day = 86_400_000;
  const people = Array.from({ length: PEOPLE }, (_, i) => `person_${i}`);
  const names = Object.fromEntries(people.map((p, i) => [p, `Person ${i} 🌸`]));
  const events = [];
  for (let i = 0; i < GIVEN; i++) {
    const at = now - Math.floor(rnd() * 150 * day);
    // Everyone once, then the regulars (low numbers) far more often than the rest.
    const who = i < PEOPLE ? people[i] : people[Math.floor(rnd() ** 2 * PEOPLE)];
    events.push({ type: 'given', who, post: snowflake(at, i), at: new Date(at).toISOString() });
  }
  // My posts, spread over the five months.
  const mine = Array.from({ length: myPosts }, (_, i) => snowflake(now - Math.floor((i + 1) * (150 * day) / myPosts), 7));
  // Three regulars like nearly every post (trust); the rest of the likes come from anyone
  // (empathy).
  let received = 0;
  for (const post of mine) {
    for (const regular of people.slice(0, 3)) {
      if (received < RECEIVED / 2 && rnd() < 0.9) {
        events.push({ type: 'received', who: regular, post, at: new Date(now - Math.floor(rnd() * 150 * day)).toISOString() });
        received++;
      }
    }
  }
  for (let i = 0; received < RECEIVED; i++, received++) {
    const at = now - Math.floor(rnd() * 150 * day);
    events.push({ type: 'received', who: people[3 + Math.floor(rnd() * (PEOPLE - 3))], post: mine[i % mine.length], at: new Date(at).toISOString() });
  }
  // (A liker likes a post once: duplicates of the random draw are the same like.)
  return { format: 'likeback', version: 1, exported_at: new Date(now).toISOString(), me: 'hana_lb', settings: {}, team: [], names, events };
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const data = bigExport();
  const x = await launch({ lang: 'en' });
  try {
    const { options, ms: importMs, status: importStatus, bytes } = await importExport(x, data, { timeout: 120_000 });

    // One new like at a time, as a content script sends it, each answered once stored.
    const roundTrips = await options.evaluate(async (n) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const post = String(2124000000000000000n + BigInt(i) * 4194304n);
        const t = performance.now();
        await chrome.runtime.sendMessage({ type: 'learn', events: [{ type: 'given', who: 'person_7', post, at: Date.now() }] });
        out.push(performance.now() - t);
      }
      return out;
    }, RECORDS);
    const status = (await options.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }))).status;

    console.log('Likeback ledger benchmark: %d people, %d events (%d given, %d received)', PEOPLE, data.events.length, GIVEN, RECEIVED);
    console.log('  import of the %s MB export        %d ms (%s)', (bytes / 1e6).toFixed(1), importMs, importStatus.trim());
    console.log('  ledger after import                %d received, %d given, %d people', status.received, status.given, status.people);
    console.log('  record one event, in the background  median %s ms, p95 %s ms (budget 5 ms median)', status.record_ms[0].toFixed(2), status.record_ms[1].toFixed(2));
    console.log('  record one event, message round trip median %s ms, p95 %s ms', quantile(roundTrips, 0.5).toFixed(2), quantile(roundTrips, 0.95).toFixed(2));
    console.log('  storage used                       %s MB', (status.bytes / 1e6).toFixed(2));
  } finally {
    await x.close();
  }
}
