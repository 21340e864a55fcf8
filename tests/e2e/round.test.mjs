// The like-back round (issue 11): a round over the known ledger walks the people owed in order
// (most owed first), opens each one's newest post (or their profile when no post of theirs is
// known yet), marks and focuses it, reacts to a like the test gives, skips one for today,
// survives a closed tab and a stopped service worker, and ends with the right summary. The
// extension itself never likes: mini X's FavoriteTweet is asked only when the test clicks like.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { makeTweetEntry, makeCursorEntry, wrapTimeline, addEntries, snowflake } from '../fixtures/x/entries.mjs';
import { health, settled, ask } from './lb.mjs';
import { importKnownLedger, OWED } from './known-ledger.mjs';

const H = 3_600_000;
const NOW = Date.now();
/** Each owed person's newest post (2 h old, and older ones below it). */
const POSTS = Object.fromEntries(OWED.map(([who], i) => [who, [0, 1, 2].map((k) => snowflake(NOW - (2 + k * 5) * H, 0x7700 + i * 8 + k))]));

/** Each owed person's profile (UserTweets) and their newest post's page (TweetDetail). */
function api() {
  const out = {};
  for (const [who, ids] of Object.entries(POSTS)) {
    const entries = ids.map((id, k) => makeTweetEntry({ id, author: who, text: `${who}'s post ${k + 1}` }));
    entries.push(makeCursorEntry('Bottom', `DAAB${who}End`, '1'));
    out[`UserTweets:${who}`] = wrapTimeline('UserTweets', [addEntries(entries)]);
    out[`TweetDetail:${ids[0]}`] = wrapTimeline('TweetDetail', [addEntries([makeTweetEntry({ id: ids[0], author: who, text: `${who}'s post 1` })])]);
  }
  return out;
}

const likeRequests = (x) => x.requests.filter((r) => /\/(Favorite|Unfavorite)Tweet$/.test(new URL(r.url).pathname));

/** The round bar's line, once it says `pattern`. */
async function barSays(page, pattern, timeout = 10_000) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-lb="round-bar"]')?.textContent ?? ''), pattern.source, { timeout })
    .catch(async (e) => { throw new Error(`${e.message}; the bar said: "${await page.locator('[data-lb="round-bar"]').textContent().catch(() => '(no bar)')}"`); });
  return page.locator('[data-lb="round-bar"]').textContent();
}

/** Waits until the round points at `who`'s post on this page: marked and focused. */
async function pointedAt(page, who, id) {
  await page.waitForFunction(([who, id]) => {
    const a = document.querySelector('article[data-lb-round="here"]');
    return a && a.dataset.lbAuthor === who && (!id || a.dataset.lbPost === id) && document.activeElement === a;
  }, [who, id], { timeout: 10_000 });
}

/** The page the round's next key opens (it navigates this tab). */
async function press(page, key, path) {
  await Promise.all([page.waitForURL((u) => u.pathname === path, { timeout: 10_000 }), page.keyboard.press(key)]);
  assert.equal(await health(page), 'ok');
}

describe('The like-back round', () => {
  let x;
  afterEach(async (t) => {
    // What the pages logged, for a failure's diagnosis.
    if (process.env.LB_ROUND_DEBUG) console.log(JSON.stringify(x?.console?.slice(-40), null, 1), x?.pageErrors);
    await x?.close();
    x = null;
  });

  it('walks the people owed in order, reacts to a like, skips, survives a closed tab and ends with its summary', async () => {
    x = await launch({ lang: 'en', api: api() });
    await importKnownLedger(x);
    // Mika's posts are seen once before the round: hers opens on her newest post, the others'
    // on their profile (no post of theirs known yet).
    const first = await x.open('/mika_art');
    await settled(first);
    await first.waitForSelector(`article[data-lb-post="${POSTS.mika_art[0]}"][data-lb-mark="newest-unliked"]`);
    // (The content script sends what it saw within a second; Mika comes second in the round,
    // after Aoi's like, so the background knows her post by then: if not, her profile would
    // open and the URL wait below fails.)

    // Shift+R in the X tab starts the round: Aoi first (owed 3), on her profile.
    await first.bringToFront();
    await press(first, 'Shift+R', '/aoi_dev');
    const page = first;
    let line = await barSays(page, /^1 \/ 5 · Aoi @aoi_dev · owed 3/);
    await pointedAt(page, 'aoi_dev', POSTS.aoi_dev[0]);
    assert.equal(likeRequests(x).length, 0, 'no like request before the user likes');
    // Once the profile is read, the bar knows her newest post's age.
    line = await barSays(page, /newest post 2 h ago/);
    // The user likes it (X's L on the focused post; mini X has no keyboard, so a click).
    await page.locator('article[data-lb-round="here"] [data-testid="like"]').click();
    line = await barSays(page, /✓ liked/);
    assert.match(line, /owed 2/);
    assert.equal(likeRequests(x).length, 1, 'one like: the one the test gave');

    // N: Mika, on her newest post's page (it is known).
    await press(page, 'n', `/mika_art/status/${POSTS.mika_art[0]}`);
    await barSays(page, /^2 \/ 5 · Mika ✏️ @mika_art · owed 1 · newest post 2 h ago/);
    await pointedAt(page, 'mika_art', POSTS.mika_art[0]);
    await x.shot(page, 'round-bar-en');
    // S: skipped for today; Yuki next, on her profile.
    await press(page, 's', '/yuki_t');
    await barSays(page, /^3 \/ 5 · Yuki T\. @yuki_t · owed 1/);
    await pointedAt(page, 'yuki_t', null);

    // The tab is closed and the service worker stopped: the round is kept.
    await page.close();
    const restarter = await x.openExtensionPage('options.html');
    const cdp = await x.context.newCDPSession(restarter);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await restarter.close();
    x.__lbPage = null;
    const popup = await x.openExtensionPage('popup.html');
    const cont = popup.locator('[data-lb="round-continue"]');
    await cont.waitFor();
    assert.equal(await cont.textContent(), 'Continue the round (3 left)');
    const [tab] = await Promise.all([x.context.waitForEvent('page'), cont.click()]);
    // Her profile was read before the tab closed: now her newest post opens.
    await tab.waitForURL((u) => u.pathname === `/yuki_t/status/${POSTS.yuki_t[0]}`);
    await barSays(tab, /^3 \/ 5 · Yuki T\. @yuki_t/);
    await pointedAt(tab, 'yuki_t', POSTS.yuki_t[0]);

    // The bar's own button works like N (a click), then N again, then Esc ends the round.
    await Promise.all([tab.waitForURL((u) => u.pathname === '/evil_name'), tab.locator('[data-lb="round-next"]').click()]);
    // A hostile display name is shown as text.
    await barSays(tab, /^4 \/ 5 · <img src=x onerror=alert\(1\)> @evil_name/);
    assert.equal(await tab.locator('[data-lb="round-bar"] img').count(), 0);
    await press(tab, 'n', '/tech_daily');
    await barSays(tab, /^5 \/ 5 · Tech Daily @tech_daily/);
    await pointedAt(tab, 'tech_daily', null);
    // The bar is reachable by keyboard: its buttons take focus.
    await tab.locator('[data-lb="round-skip"]').focus();
    assert.equal(await tab.evaluate(() => document.activeElement?.dataset.lb), 'round-skip');
    await tab.locator('article[data-lb-round="here"]').focus();
    await tab.keyboard.press('Escape');
    const summary = await barSays(tab, /^Round done: 1 like returned to 1 person in 1 min/);
    assert.equal(tab.url().endsWith('/tech_daily'), true, 'ending does not navigate');
    await x.shot(tab, 'round-done-en');
    assert.match(summary, /Close/);
    await tab.keyboard.press('Escape');
    await tab.waitForSelector('[data-lb="round-bar"]', { state: 'detached' });

    // The popup says so, and a new round leaves out Mika (skipped today) and keeps Aoi (owed 2).
    const after = await x.openExtensionPage('popup.html');
    assert.equal(await after.locator('[data-lb="round-summary"]').textContent(), 'Round done: 1 like returned to 1 person in 1 min');
    await after.locator('[data-lb="round-start"]').waitFor();
    await x.shot(after, 'round-popup-en');
    const again = await ask(x, { type: 'round_start' });
    assert.equal(again.ok, true, JSON.stringify(again));
    assert.equal(again.round.active.of, 4);
    assert.equal(again.round.active.here.who, 'aoi_dev');
    // Her newest post is known now (read on her profile): a round opens it, not her profile.
    assert.equal(again.round.active.here.post, POSTS.aoi_dev[0]);
    assert.equal((await ask(x, { type: 'round_step', step: 'end' })).round.last.likes, 0);
    // Insights has the day's total.
    const options = await x.openExtensionPage('options.html#insights');
    await options.waitForFunction(() => /Today: 1 like returned to 1 person in rounds/.test(document.querySelector('[data-lb="round-today-line"]')?.textContent ?? ''));

    // Only the like the test gave reached X.
    assert.deepEqual(likeRequests(x).map((r) => r.method), ['POST']);
    assert.deepEqual(x.pageErrors, []);
  });

  it('in Japanese: Shift+R, the bar on a post, End, the summary; keys typed in a box are not taken', async () => {
    x = await launch({ lang: 'ja', api: api() });
    await importKnownLedger(x);
    // Tech Daily's page (last in the round): Home would show Aoi's posts, so that the round
    // opened her post rather than her profile.
    const page = await x.open('/tech_daily');
    assert.equal(await health(page), 'ok');
    // Typing a capital R into X's search box starts nothing.
    await page.evaluate(() => {
      const box = document.createElement('input');
      box.setAttribute('data-test', 'box');
      document.body.prepend(box);
    });
    await page.locator('input[data-test="box"]').focus();
    await page.keyboard.press('Shift+R');
    assert.equal(await page.locator('input[data-test="box"]').inputValue(), 'R');
    const popup = await x.openExtensionPage('popup.html');
    await popup.locator('[data-lb="round-start"]').waitFor();
    assert.equal(await popup.locator('[data-lb="round-start"]').textContent(), 'いいね返しを始める');
    await x.shot(popup, 'round-popup-ja');
    await popup.close();

    await page.bringToFront();
    await page.locator('input[data-test="box"]').blur();
    await press(page, 'Shift+R', '/aoi_dev');
    await barSays(page, /^1 \/ 5・Aoi @aoi_dev・いいね返し残り3件・最新ポスト2時間前/);
    await pointedAt(page, 'aoi_dev', POSTS.aoi_dev[0]);
    assert.match(await page.locator('[data-lb="round-bar"]').textContent(), /次へ（N）今日はスキップ（S）終了（Esc）/);
    await x.shot(page, 'round-bar-ja');
    await page.keyboard.press('Escape');
    await barSays(page, /^いいね返し完了：1分で0人に0件のいいねを返しました/);
    await x.shot(page, 'round-done-ja');
    assert.equal(likeRequests(x).length, 0);
  });

  it('the team round is walked the same way, from the popup\'s team tab', async () => {
    x = await launch({ lang: 'en', api: api() });
    await importKnownLedger(x);
    assert.equal((await ask(x, { type: 'set_teams', teams: [{ name: 'Design', members: ['yuki_t', 'tech_daily'] }] })).ok, true);
    const popup = await x.openExtensionPage('popup.html');
    await popup.locator('[data-lb="tab-round"]').click();
    const start = popup.locator('[data-lb="round-start-team"]');
    await start.waitFor();
    const [tab] = await Promise.all([x.context.waitForEvent('page'), start.click()]);
    // Neither colleague's newest post is known: their profiles, in the team round's order.
    await tab.waitForURL((u) => u.pathname === '/tech_daily' || u.pathname === '/yuki_t');
    const first = new URL(tab.url()).pathname.slice(1);
    await barSays(tab, new RegExp(`^1 / 2 · .* @${first}`));
    await pointedAt(tab, first, POSTS[first][0]);
    const second = first === 'yuki_t' ? 'tech_daily' : 'yuki_t';
    await press(tab, 'n', `/${second}`);
    await barSays(tab, new RegExp(`^2 / 2 · .* @${second}`));
    assert.equal(likeRequests(x).length, 0);
  });

  it('at phone width the bar\'s buttons are touch targets of 44 px and more', async () => {
    x = await launch({ lang: 'en', api: api(), mobile: true, sidebar: { narrow: true }, viewport: { width: 390, height: 844 } });
    await importKnownLedger(x);
    const page = await x.open('/tech_daily');
    assert.equal(await health(page), 'ok');
    await press(page, 'Shift+R', '/aoi_dev');
    await pointedAt(page, 'aoi_dev', POSTS.aoi_dev[0]);
    const sizes = await page.$$eval('[data-lb="round-bar"] button', (bs) => bs.map((b) => { const r = b.getBoundingClientRect(); return [r.width, r.height, r.right <= innerWidth]; }));
    assert.equal(sizes.length, 3);
    for (const [w, h, inside] of sizes) assert.ok(w >= 44 && h >= 44 && inside, JSON.stringify(sizes));
    await x.shot(page, 'round-bar-narrow');
  });
});
