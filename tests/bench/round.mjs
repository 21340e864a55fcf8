// Benchmark: the like-back round, time from pressing N to the next person's post being marked
// and focused (`article[data-lb-round="here"]`), over a round of 21 people, each opened on
// their profile (no post of theirs known before) in the same X tab. Includes the page load
// the step makes (a full navigation of mini X). Prints figures; never fails on time.
//   node tests/bench/round.mjs
import { launch } from '../e2e/harness.mjs';
import { importExport } from '../e2e/lb.mjs';
import { makeTweetEntry, makeCursorEntry, wrapTimeline, addEntries, snowflake } from '../fixtures/x/entries.mjs';

const PEOPLE = 21;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const now = Date.now();
const who = Array.from({ length: PEOPLE }, (_, i) => `round_${String(i).padStart(2, '0')}`);
const myPost = snowflake(now - 30 * 3_600_000, 1);
const api = {};
who.forEach((h, i) => {
  const entries = [0, 1, 2].map((k) => makeTweetEntry({ id: snowflake(now - (2 + k) * 3_600_000, 0x900 + i * 4 + k), author: h, name: `Person ${i}`, text: `post ${k}` }));
  entries.push(makeCursorEntry('Bottom', `DAAB${h}`, '1'));
  api[`UserTweets:${h}`] = wrapTimeline('UserTweets', [addEntries(entries)]);
});
// Most owed first: round_00 owes the most, so the round walks them in order.
const events = who.flatMap((h, i) => Array.from({ length: PEOPLE - i }, (_, k) => ({
  type: 'received', who: h, post: String(BigInt(myPost) + BigInt(k)), at: new Date(now - (i + 1) * 60_000).toISOString(),
})));
const x = await launch({ lang: 'en', api });
try {
  await importExport(x, { events });
  const page = await x.open('/home');
  const pointed = () => page.waitForFunction(() => {
    const a = document.querySelector('article[data-lb-round="here"]');
    return a && document.activeElement === a;
  }, null, { timeout: 20_000 });
  const markedAt = () => page.evaluate(() => {
    const m = performance.getEntriesByName('likeback-round-pointed').at(-1);
    return performance.timeOrigin + m.startTime;
  });
  await Promise.all([page.waitForURL((u) => u.pathname === `/${who[0]}`), page.keyboard.press('Shift+R')]);
  await pointed();
  const times = [];
  for (let i = 1; i < PEOPLE; i++) {
    const pressed = await page.evaluate(() => performance.timeOrigin + performance.now());
    await Promise.all([page.waitForURL((u) => u.pathname === `/${who[i]}`), page.keyboard.press('n')]);
    await pointed();
    times.push((await markedAt()) - pressed);
  }
  const f = (ms) => `${ms.toFixed(0)} ms`;
  console.log(`like-back round: N → next person's post marked and focused (${times.length} steps, full page load each)`);
  console.log(`  median ${f(quantile(times, 0.5))}, p95 ${f(quantile(times, 0.95))}, min ${f(Math.min(...times))}, max ${f(Math.max(...times))}`);
} finally {
  await x.close();
}
