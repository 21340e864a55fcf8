// Benchmark: what reading X's API responses costs the page. Real bodies captured from X
// (../shared/fixtures/x-api, read in place) are answered to requests the page makes on x.com,
// so that they go the way X's own do: the tap passes each on, the content script's WASM reads
// it. Chromium's CPU profiler counts every sample with a frame of the extension's scripts, glue
// or WASM on its stack (tap.js included), as the scroll benchmark does. Prints figures; never
// fails on time.
//   node tests/bench/api.mjs
// API_LIKEBACK=<extension folder>: another build. API_REPEAT=<n>: bodies of each kind (10).
import fs from 'node:fs';
import path from 'node:path';
import { launch, REPO_ROOT } from '../e2e/harness.mjs';
import { extensionFrames } from './lib/cpuprofile.mjs';

const DIR = path.resolve(REPO_ROOT, '../shared/fixtures/x-api');
const REPEAT = Number(process.env.API_REPEAT) || 10;
const INTERVAL_US = 200;
// [label, file, operation, request path (the cursor tells the repeats apart)]
const gql = (op) => (c) => `/i/api/graphql/bench/${op}?variables=${encodeURIComponent(JSON.stringify({ cursor: c }))}`;
const KINDS = [
  ['HomeTimeline', 'HomeTimeline-2025.json', 'HomeTimeline', gql('HomeTimeline')],
  ['UserTweets', 'UserTweets-2026.json', 'UserTweets', gql('UserTweets')],
  ['Likes', 'Likes-2024.json', 'Likes', gql('Likes')],
  ['notifications (REST)', 'notifications-all-2025.json', 'notifications/all', (c) => `/i/api/2/notifications/all.json?cursor=${c}`],
];

if (!fs.existsSync(DIR)) {
  console.log(`API benchmark skipped: ${DIR} is absent`);
  process.exit(0);
}
// Timeline posts in a body: every post result, a repost's or a quote's inner one not again.
const timelinePosts = (v) => {
  let n = 0;
  const walk = (x, key) => {
    if (!x || typeof x !== 'object') return;
    if (key === 'tweet_results' && x.result) n += 1;
    for (const [k, c] of Object.entries(x)) if (k !== 'quoted_status_result' && k !== 'retweeted_status_result') walk(c, k);
  };
  walk(v, '');
  return n;
};

const bodies = Object.fromEntries(KINDS.map(([label, file]) => {
  const text = JSON.stringify(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
  return [label, { text, posts: timelinePosts(JSON.parse(text)) }];
}));
const api = {};
for (const [label, , op] of KINDS) {
  for (let i = 0; i < REPEAT; i++) api[`${op}:bench${i}`] = () => JSON.parse(bodies[label].text);
}

const x = await launch({ extension: process.env.API_LIKEBACK ?? true, api });
try {
  const page = await x.open('/home');
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
  const results = [];
  for (const [label, , , url] of KINDS) {
    await cdp.send('Profiler.start');
    await page.evaluate(async (urls) => {
      for (const u of urls) {
        const r = await fetch(u);
        await r.text();
        // The content script reads each body in a task of its own: let it run before the next.
        await new Promise((res) => setTimeout(res, 200));
      }
    }, Array.from({ length: REPEAT }, (_, i) => url(`bench${i}`)));
    const { profile } = await cdp.send('Profiler.stop');
    results.push({ label, ...extensionCpu(profile) });
  }
  console.log('Likeback API benchmark: real X bodies (../shared/fixtures/x-api), each answered %d times, the CPU profiler at %d µs', REPEAT, INTERVAL_US);
  for (const r of results) {
    const b = bodies[r.label];
    const perBody = r.ms / REPEAT;
    const perPost = b.posts ? `, ${(perBody / b.posts).toFixed(3)} ms per post (${b.posts} in the body)` : '';
    console.log('  %s  %s KB: %s ms per body%s; of it the WASM %s ms, the glue %s ms, the tap %s ms',
      r.label.padEnd(21), (b.text.length / 1000).toFixed(0).padStart(4), perBody.toFixed(2), perPost,
      (r.byFile.wasm / REPEAT).toFixed(2), (r.byFile.glue / REPEAT).toFixed(2), (r.byFile.tap / REPEAT).toFixed(2));
  }
  const home = results.find((r) => r.label === 'HomeTimeline');
  if (process.env.API_TOP) console.log('HomeTimeline, by own frame:\n  %s', home.top.join('\n  '));
} finally {
  await x.close();
}

/** The extension's samples in `profile`, in ms, in all and by the file of their nearest frame. */
function extensionCpu(profile) {
  const { byId, nearest: near } = extensionFrames(profile);
  const period = INTERVAL_US / 1000;
  const byFile = { wasm: 0, glue: 0, tap: 0, other: 0 };
  const self = new Map();
  let ms = 0;
  for (const s of profile.samples) {
    const n = near(s);
    if (!n) continue;
    ms += period;
    const file = n.callFrame.url.split('/').pop();
    const kind = file.endsWith('.wasm') || n.callFrame.url.startsWith('wasm:') ? 'wasm' : file === 'tap.js' ? 'tap' : file === 'likeback.js' ? 'glue' : 'other';
    byFile[kind] += period;
    const leaf = byId.get(s).callFrame;
    const k = `${leaf.functionName || '(anonymous)'} ${leaf.url.split('/').pop()}`;
    self.set(k, (self.get(k) ?? 0) + period);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${v.toFixed(1).padStart(7)} ms  ${k}`);
  return { ms, byFile, top };
}
