// A known ledger for the marks and popup tests, imported through the options page like a user
// restoring a backup. Counted over all time, so that the tests do not depend on today's date.
import { ME } from '../fixtures/x/scenarios.mjs';
import { importExport } from './lb.mjs';

const HOUR = 3_600_000;
const myPosts = ['2124725880224904851', '2124095476334879930', '2124807669151323076'];

/** Who liked my posts and how often I liked theirs (posts of theirs not in the fixtures). */
export const PEOPLE = [
  // handle, display name, received (hours ago of each like), given
  ['aoi_dev', 'Aoi', [1, 2, 3], 0],
  ['mika_art', 'Mika ✏️', [0.5, 9], 1],
  ['yuki_t', 'Yuki T.', [5], 0],
  ['evil_name', '<img src=x onerror=alert(1)>', [6], 0],
  ['tech_daily', 'Tech Daily', [7], 0],
  ['kenji_k', 'Kenji Kato', [8], 1],
  ['sora_w', 'Sora', [10, 11], 2],
];

/** The popup's list for this ledger before any browsing: most owed first, then the most recent liker. */
export const OWED = [['aoi_dev', 3], ['mika_art', 1], ['yuki_t', 1], ['evil_name', 1], ['tech_daily', 1]];

export function knownLedger(now = Date.now()) {
  const events = [];
  let n = 0;
  for (const [who, , received, given] of PEOPLE) {
    received.forEach((h, i) => events.push({ type: 'received', who, post: myPosts[i % myPosts.length], at: new Date(now - h * HOUR).toISOString() }));
    for (let i = 0; i < given; i++) {
      // Old posts of theirs, liked long ago (ids from 2025, before anything in the fixtures).
      events.push({ type: 'given', who, post: String(1900000000000000000n + BigInt(++n)), at: new Date(now - 20 * 24 * HOUR).toISOString() });
    }
  }
  return {
    format: 'likeback', version: 1, exported_at: new Date(now).toISOString(), me: ME,
    settings: { window: 'all' }, team: [],
    names: Object.fromEntries(PEOPLE.map(([h, name]) => [h, name])),
    events,
  };
}

/** Imports the known ledger through the options page; returns that page. */
export async function importKnownLedger(x) {
  return (await importExport(x, knownLedger())).options;
}
