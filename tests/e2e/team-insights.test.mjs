// The team round and the trust/empathy picture.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { homeEn, listMembers, IDS, ME } from '../fixtures/x/scenarios.mjs';
import { health, settled, ask, importExport } from './lb.mjs';

const DAY = 86_400_000;
const EPOCH = 1288834974657n;
const idAt = (ms, n) => String(((BigInt(Math.floor(ms)) - EPOCH) << 22n) | BigInt(n));

/** Imports an export file made of `data` through the options page. */
const importFile = async (x, data) => (await importExport(x, data)).options;

/**
 * Seven posts of mine, six days apart, ending four days ago, liked by:
 * reg (every post), occ (posts 0 and 5), new1 (post 3), new2 (post 6).
 * By the default rule (3 of the previous 5), each post's likers are, as (regulars, occasional,
 * first-time): the same table as core::insights' test.
 */
const CLASSES = [[0, 0, 2], [0, 1, 0], [0, 1, 0], [1, 0, 1], [1, 0, 0], [1, 1, 0], [1, 0, 1]];
function insightsData(now) {
  const first = now - 40 * DAY;
  const posts = Array.from({ length: 7 }, (_, i) => ({ id: idAt(first + i * 6 * DAY, i), time: first + i * 6 * DAY }));
  const likes = { reg: [0, 1, 2, 3, 4, 5, 6], occ: [0, 5], new1: [3], new2: [6] };
  const events = [];
  for (const [who, list] of Object.entries(likes)) {
    for (const i of list) events.push({ type: 'received', who, post: posts[i].id, at: new Date(posts[i].time + 3_600_000).toISOString() });
  }
  // I liked two of reg's posts and one of occ's, last week.
  for (const [who, n] of [['reg', 1], ['reg', 2], ['occ', 3]]) {
    events.push({ type: 'given', who, post: idAt(now - 7 * DAY, 100 + n), at: new Date(now - 7 * DAY).toISOString() });
  }
  return { posts, events, names: { reg: 'The Regular', occ: 'Sometimes', new1: 'New One', new2: '<b>New Two</b>' } };
}

/** What the months should show, from the posts' UTC months and the classes above. */
function expectedMonths(posts) {
  const months = new Map();
  posts.forEach((p, i) => {
    const key = new Date(p.time).toISOString().slice(0, 7);
    const m = months.get(key) ?? { posts: 0, regular: 0, other: 0 };
    m.posts += 1;
    m.regular += CLASSES[i][0];
    m.other += CLASSES[i][1] + CLASSES[i][2];
    months.set(key, m);
  });
  return [...months.entries()].map(([key, m]) => ({
    label: `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(key.slice(5)) - 1]} ${key.slice(0, 4)}`,
    perPost: ((m.regular + m.other) / m.posts).toFixed(1),
    share: `${Math.round((m.regular / (m.regular + m.other)) * 100)}%`,
  }));
}

describe('Insights', () => {
  let x;
  let options;
  const now = Date.now();
  const data = insightsData(now);
  before(async () => {
    x = await launch({ lang: 'en', timezoneId: 'UTC' });
    await importFile(x, { events: data.events, names: data.names });
    options = await x.openExtensionPage('options.html#insights');
    await options.waitForSelector('[data-lb="insights-summary"]');
  });
  after(async () => { await x?.close(); });

  it('shows regulars, occasional and first-time likers, with the rule used', async () => {
    await x.shot(options, 'insights-en');
    assert.equal(await options.locator('[data-lb="insights-summary"]').textContent(),
      'Likes on 7 of your posts, from 4 people: 4 from regulars, 3 occasional, 4 first-time.');
    assert.equal(await options.locator('input[data-lb="rule-at-least"]').inputValue(), '3');
    assert.equal(await options.locator('input[data-lb="rule-of-last"]').inputValue(), '5');
  });

  it('draws likes per post by month as stacked bars, and the regulars\' share, with their numbers', async () => {
    const months = expectedMonths(data.posts);
    const texts = (hook, cls) => options.$$eval(`[data-lb="${hook}"] svg text.${cls}`, (ts) => ts.map((t) => t.textContent));
    assert.deepEqual(await texts('chart-likes', 'label'), months.map((m) => m.label));
    assert.deepEqual(await texts('chart-likes', 'value'), months.map((m) => m.perPost));
    assert.deepEqual(await texts('chart-share', 'value'), months.map((m) => m.share));
    // Two rectangles a month: regulars at the bottom, everyone else on top.
    assert.equal(await options.locator('[data-lb="chart-likes"] svg rect.regular').count(), months.length);
    assert.equal(await options.locator('[data-lb="chart-likes"] svg rect.other').count(), months.length);
    const titles = await options.$$eval('[data-lb="chart-likes"] svg rect.regular title', (ts) => ts.map((t) => t.textContent));
    assert.match(titles[0], /: \d+ posts, [\d.]+ likes per post \([\d.]+ from regulars\)$/);
  });

  it('draws the like-back balance week by week', async () => {
    const fig = options.locator('[data-lb="chart-balance"]');
    assert.equal(await fig.getAttribute('data-lb-received'), '11');
    assert.equal(await fig.getAttribute('data-lb-given'), '3');
    assert.match(await fig.locator('figcaption').textContent(), /3 given, 11 received in the last 26 weeks/);
    assert.equal(await fig.locator('svg circle').count(), 2 * 26);
  });

  it('lists the regulars with how many of my last posts they liked and what I owe them', async () => {
    const rows = await options.$$eval('table[data-lb="regulars"] tbody tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, [['The Regular @reg', '5', '5']]);
  });

  it('a stricter rule changes the picture', async () => {
    await options.locator('input[data-lb="rule-at-least"]').fill('5');
    await options.locator('input[data-lb="rule-at-least"]').dispatchEvent('change');
    await options.waitForFunction(() => document.querySelector('[data-lb="insights-summary"]')?.textContent.includes('2 from regulars'));
    assert.equal(await options.locator('[data-lb="insights-summary"]').textContent(),
      'Likes on 7 of your posts, from 4 people: 2 from regulars, 5 occasional, 4 first-time.');
  });

  it('says what is missing when there is too little', async () => {
    const y = await launch({ lang: 'ja' });
    try {
      await importFile(y, { events: data.events.filter((e) => e.post === data.posts[0].id) });
      const page = await y.openExtensionPage('options.html#insights');
      await page.waitForSelector('[data-lb="insights-missing"]');
      assert.match(await page.locator('[data-lb="insights-missing"]').textContent(), /自分のポストは1件です。グラフには3件以上が必要です/);
      assert.equal(await page.locator('svg').count(), 0);
    } finally {
      await y.close();
    }
  });

  it('in Japanese too', async () => {
    const y = await launch({ lang: 'ja', timezoneId: 'UTC' });
    try {
      await importFile(y, { events: data.events, names: data.names });
      const page = await y.openExtensionPage('options.html#insights');
      await page.waitForSelector('[data-lb="insights-summary"]');
      await y.shot(page, 'insights-ja');
      assert.equal(await page.locator('[data-lb="insights-summary"]').textContent(),
        '自分のポスト7件に、4人からいいねがありました。常連から4件、ときどきの人から3件、初めての人から4件です。');
      const labels = await page.$$eval('[data-lb="chart-likes"] svg text.label', (ts) => ts.map((t) => t.textContent));
      assert.ok(labels.every((l) => /^\d{4}年\d{1,2}月$/.test(l)), labels.join());
    } finally {
      await y.close();
    }
  });
});

describe('Teams and the round', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('a team is made and edited on the options page', async () => {
    const options = await x.openExtensionPage('options.html#team');
    await options.waitForSelector('[data-lb="new-team"]');
    await options.locator('[data-lb="new-team-name"]').fill('Design');
    await options.locator('[data-lb="new-team"]').click();
    await options.waitForSelector('fieldset[data-lb="team"][data-lb-team="Design"]');
    const team = options.locator('fieldset[data-lb="team"][data-lb-team="Design"]');
    await team.locator('[data-lb="add-member"]').fill('@aoi_dev, kenji_k  mika_art');
    await team.locator('[data-lb="add-member-button"]').click();
    await options.waitForFunction(() => document.querySelectorAll('fieldset[data-lb-team="Design"] [data-lb="member"]').length === 3);
    await options.locator('fieldset[data-lb-team="Design"] [data-lb="member"][data-lb-handle="kenji_k"] [data-lb="remove-member"]').click();
    await options.waitForFunction(() => document.querySelectorAll('fieldset[data-lb-team="Design"] [data-lb="member"]').length === 2);
    // A wrong handle is refused with a message.
    await options.locator('fieldset[data-lb-team="Design"] [data-lb="add-member"]').fill('<script>');
    await options.locator('fieldset[data-lb-team="Design"] [data-lb="add-member-button"]').click();
    await options.waitForFunction(() => /not an X handle/.test(document.querySelector('[data-lb="team-status"]')?.textContent ?? ''));
    await x.shot(options, 'team-en');
    const again = await x.openExtensionPage('options.html#team');
    await again.waitForSelector('fieldset[data-lb="team"]');
    const members = await again.$$eval('fieldset[data-lb-team="Design"] [data-lb="member"]', (ms) => ms.map((m) => m.dataset.lbHandle));
    assert.deepEqual(members, ['aoi_dev', 'mika_art']);
  });

  it('an X list\'s members page adds its members to a team', async () => {
    const page = await x.open(`/i/lists/${IDS.listId}/members`);
    const button = page.locator('[data-lb="list-import"]');
    await button.waitFor();
    assert.equal(await button.textContent(), `Add ${listMembers.length} members to a Likeback team`);
    await button.click();
    await page.waitForFunction(() => document.querySelector('[data-lb="list-import"]')?.dataset.lbState === 'added');
    assert.equal(await button.textContent(), `Added to the team “X list ${IDS.listId}” ✓ (${listMembers.length} new)`);
    await x.shot(page, 'list-import-en');
    const options = await x.openExtensionPage('options.html#team');
    await options.waitForSelector(`fieldset[data-lb-team="X list ${IDS.listId}"]`);
    const members = await options.$$eval(`fieldset[data-lb-team="X list ${IDS.listId}"] [data-lb="member"]`, (ms) => ms.map((m) => m.dataset.lbHandle));
    assert.deepEqual(members, listMembers.map((m) => m.handle));
    assert.match(await options.locator(`fieldset[data-lb-team="X list ${IDS.listId}"]`).textContent(), new RegExp(`from X list ${IDS.listId}`));
  });

  it('team members are friends: their newest post is marked without any like from them', async () => {
    const ledger = await ask(x, { type: 'export' });
    assert.equal(JSON.parse(ledger.text).events.filter((e) => e.type === 'received').length, 0);
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('article[data-lb-author="aoi_dev"][data-lb-mark="newest-unliked"]'));
    assert.equal(await page.locator(`article[data-lb-mark="newest-unliked"][data-lb-post="${homeEn[0].id}"] [data-lb="badge"]`).textContent(), '♡ like back');
  });

  it('the round lists each member\'s newest post, who waited longest first, and says when all are liked', async () => {
    const x2 = await launch({ lang: 'en' });
    try {
      await importFile(x2, { team: [{ name: 'Dev', members: ['aoi_dev', 'kenji_k', 'mika_art', 'neko_news'] }] });
      const home = await x2.open('/home');
      await settled(home);
      const popup = await x2.openExtensionPage('popup.html');
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.waitForSelector('[data-lb="tab-round"]');
      await popup.locator('[data-lb="tab-round"]').click();
      // The tab sends what Home showed within a second; the popup is drawn again when it lands.
      await popup.waitForFunction(() => document.querySelectorAll('[data-lb="round-entry"][data-lb-state="waiting"]').length === 3);
      await x2.shot(popup, 'round-en');
      const entries = await popup.$$eval('[data-lb="round-entry"]', (es) => es.map((e) => [e.dataset.lbHandle, e.dataset.lbState, e.getAttribute('href')]));
      // Newest posts: Kenji's is the oldest of the three (waited longest), then Mika's, then
      // Aoi's; Neko News posted nothing seen yet.
      const newest = (who) => homeEn.filter((r) => r.author === who && !r.replyTo).map((r) => r.id).sort().at(-1);
      assert.deepEqual(entries, [
        ['kenji_k', 'waiting', `https://x.com/kenji_k/status/${newest('kenji_k')}`],
        ['mika_art', 'waiting', `https://x.com/mika_art/status/${newest('mika_art')}`],
        ['aoi_dev', 'waiting', `https://x.com/aoi_dev/status/${newest('aoi_dev')}`],
        ['neko_news', 'unknown', 'https://x.com/neko_news'],
      ]);
      assert.equal(await popup.locator('[data-lb="round-done"]').count(), 0);
      assert.doesNotMatch(await popup.locator('[data-lb="round"]').textContent(), /follower|rank|streak/i);
      // Like each member's newest post on Home (Neko News leaves the team).
      await home.bringToFront();
      for (const who of ['kenji_k', 'mika_art', 'aoi_dev']) {
        const article = home.locator(`article[data-lb-post="${newest(who)}"]`);
        await article.scrollIntoViewIfNeeded();
        await article.locator('[data-testid="like"]').click();
      }
      const options = await x2.openExtensionPage('options.html#team');
      await options.waitForSelector('[data-lb="member"][data-lb-handle="neko_news"]');
      await options.locator('[data-lb="member"][data-lb-handle="neko_news"] [data-lb="remove-member"]').click();
      await options.waitForFunction(() => !document.querySelector('[data-lb="member"][data-lb-handle="neko_news"]'));
      const done = await x2.openExtensionPage('popup.html');
      await done.locator('[data-lb="tab-round"]').click();
      await done.waitForSelector('[data-lb="round-done"]');
      assert.match(await done.locator('[data-lb="round-done"]').textContent(), /Done for today/);
      const states = await done.$$eval('[data-lb="round-entry"]', (es) => es.map((e) => e.dataset.lbState));
      assert.deepEqual(states, ['liked', 'liked', 'liked']);
    } finally {
      await x2.close();
    }
  });

  it('the round in Japanese', async () => {
    const y = await launch({ lang: 'ja' });
    try {
      await importFile(y, { team: [{ name: '開発', members: ['aoi_dev', 'kenji_k'] }] });
      const home = await y.open('/home');
      await settled(home);
      const popup = await y.openExtensionPage('popup.html');
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.locator('[data-lb="tab-round"]').click();
      await popup.waitForSelector('[data-lb="round-entry"]');
      await y.shot(popup, 'round-ja');
      assert.equal(await popup.locator('[data-lb="tab-round"]').textContent(), 'チーム');
    } finally {
      await y.close();
    }
  });
});
