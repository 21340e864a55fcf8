// Likeback in Japanese, as a Japanese user sees it: the pages declare their language, the words
// follow extension/_locales/README.md (no English left over, counters after numbers), a refused
// import says why in Japanese. Takes the Japanese screenshots the README shows (docs/ja-*.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './harness.mjs';
import { homeJa } from '../fixtures/x/scenarios.mjs';
import { health, settled, importExport } from './lb.mjs';
import { knownLedger, PEOPLE } from './known-ledger.mjs';

/** The Latin words Japanese text may hold (the same list as tests/locales.rs). */
const ALLOWED = ['X', 'Likeback', 'Shift', 'Enter', 'Esc', 'J', 'K', 'L', 'N', 'S', 'R', 'CSV', 'JSON', 'MB'];

/**
 * Latin words in what the page shows or reads out under `root` (text, title, aria-label,
 * placeholder), outside `skip` (names and post text: the user's data, not our words). Hidden
 * parts are left out; the @handles of `handles` are data wherever they are.
 */
function strayLatin(page, root, skip, handles = HANDLES) {
  return page.evaluate(([root, skip, allowed, handles]) => {
    const ok = new Set(allowed);
    const out = [];
    const check = (text, where) => {
      let t = text;
      for (const h of handles) t = t.replaceAll(`@${h}`, '');
      for (const w of t.match(/[A-Za-z]+/g) ?? []) {
        if (!ok.has(w)) out.push(`${w} in ${where}: ${text.trim().slice(0, 80)}`);
      }
    };
    const base = document.querySelector(root);
    const shown = (el) => !el.closest('[hidden]') && !(skip && el.closest(skip));
    const walker = document.createTreeWalker(base, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement && shown(n.parentElement)) check(n.textContent, n.parentElement.tagName.toLowerCase());
    }
    for (const el of base.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (!shown(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) if (el.hasAttribute(a)) check(el.getAttribute(a), `@${a}`);
    }
    return out;
  }, [root, skip, ALLOWED, handles]);
}

const DAY = 86_400_000;
const EPOCH = 1288834974657n;
const idAt = (ms, n) => String(((BigInt(Math.floor(ms)) - EPOCH) << 22n) | BigInt(n));

/**
 * Twelve posts of mine over three months, liked by two regulars (nearly every post), one
 * occasional liker and a first-time liker now and then; and my likes of theirs, week by week:
 * a picture worth a screenshot.
 */
function insightsData(now) {
  const posts = Array.from({ length: 12 }, (_, i) => ({ id: idAt(now - (3 + (11 - i) * 8) * DAY, i), time: now - (3 + (11 - i) * 8) * DAY }));
  const likes = {
    sakura_d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    taro_y: [1, 2, 3, 5, 6, 7, 9, 10, 11],
    hina_m: [2, 6, 10],
    new_1: [4], new_2: [8], new_3: [11], new_4: [9],
  };
  const events = [];
  for (const [who, list] of Object.entries(likes)) {
    for (const i of list) events.push({ type: 'received', who, post: posts[i].id, at: new Date(posts[i].time + 3_600_000).toISOString() });
  }
  for (let w = 0; w < 12; w++) {
    for (const [k, who] of ['sakura_d', 'taro_y', 'hina_m'].slice(0, 1 + (w % 3)).entries()) {
      events.push({ type: 'given', who, post: idAt(now - (w * 7 + 1) * DAY, 200 + w * 3 + k), at: new Date(now - (w * 7 + 1) * DAY).toISOString() });
    }
  }
  const names = { sakura_d: 'さくら', taro_y: 'たろう', hina_m: 'ひな', new_1: 'はじめ', new_2: 'みなと', new_3: 'ゆい', new_4: 'そうた' };
  return { events, names };
}

const INSIGHTS = insightsData(Date.now());
const HANDLES = [...PEOPLE.map(([h]) => h), ...Object.keys(INSIGHTS.names)];

const TEAM = { name: '開発', members: ['aoi_dev', 'kenji_k', 'mika_art'] };

describe('Likeback in Japanese', () => {
  let x;
  let dir;
  before(async () => {
    x = await launch({ lang: 'ja', timezoneId: 'Asia/Tokyo' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-ja-'));
    await importExport(x, { ...knownLedger(), team: [TEAM] });
  });
  after(async () => {
    await x?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the popup and the options page declare lang="ja"', async () => {
    for (const name of ['popup.html', 'options.html']) {
      const page = await x.openExtensionPage(name);
      await page.waitForSelector('#app > *');
      assert.match(await page.evaluate(() => document.documentElement.lang), /^ja\b/, name);
      await page.close();
    }
  });

  it('the popup: いいね返し残り with counters, no English', async () => {
    const popup = await x.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.waitForSelector('[data-lb="owed"]');
    // The whole popup, footer included (its first view draws the total and the first rows).
    await popup.waitForSelector('footer [data-lb="health"]');
    assert.equal(await popup.locator('section.total').textContent(), 'いいね返し残り7件・5人・全期間');
    assert.equal(await popup.locator('[data-lb="tab-owed"]').textContent(), 'いいね返し');
    assert.equal(await popup.locator('[data-lb="tab-round"]').textContent(), 'チーム');
    const aoi = popup.locator('[data-lb="owed"][data-lb-handle="aoi_dev"]');
    assert.match(await aoi.locator('.detail').textContent(), /^もらったいいね3件・返したいいね0件・\d+時間前$/);
    assert.equal(await aoi.locator('.owed').getAttribute('aria-label'), 'いいね返し残り3件');
    assert.deepEqual(await strayLatin(popup, 'body', '.name, .initials'), []);
    await x.shot(popup, 'ja-popup');
    await popup.close();
  });

  it('the options page, each tab, in Japanese only', async () => {
    // More of my posts and their likers, for the Insights (merged into what is there).
    await importExport(x, { events: INSIGHTS.events, names: INSIGHTS.names, settings: undefined, team: undefined, me: undefined });
    const options = await x.openExtensionPage('options.html');
    await options.setViewportSize({ width: 1000, height: 900 });
    await options.waitForSelector('[data-lb="part-settings"]');
    assert.deepEqual(await options.$$eval('nav.tabs [role="tab"]', (ts) => ts.map((t) => t.textContent)), ['設定', 'チーム', 'インサイト']);
    assert.deepEqual(await strayLatin(options, '[data-lb="part-settings"]'), []);
    assert.equal(await options.locator('[data-lb="reset"]').textContent(), '記録したいいねをすべて削除…');
    await x.shot(options, 'ja-options-settings');

    await options.locator('[data-lb="nav-team"]').click();
    await options.waitForSelector(`fieldset[data-lb="team"][data-lb-team="${TEAM.name}"]`);
    assert.deepEqual(await strayLatin(options, '[data-lb="part-team"]'), []);
    assert.match(await options.locator('fieldset[data-lb="team"]').textContent(), /メンバー3人/);
    await x.shot(options, 'ja-options-team');

    await options.locator('[data-lb="nav-insights"]').click();
    await options.waitForSelector('[data-lb="insights-summary"], [data-lb="insights-missing"]');
    assert.deepEqual(await strayLatin(options, '[data-lb="part-insights"]', '.name'), []);
    assert.match(await options.locator('[data-lb="insights-summary"]').textContent(), /^自分のポスト\d+件に、\d+人からいいねがありました。常連から\d+件、ときどきの人から\d+件、初めての人から\d+件です。$/);
    assert.equal(await options.locator('p[data-lb="rule"]').textContent(), '直近件のポストのうち件以上にいいねした人を、常連とします。');
    await x.shot(options, 'ja-options-insights');
    await options.close();
  });

  it('marks on the timeline: ♡ いいね返し残りN件, ✓ いいね返し済み', async () => {
    const page = await x.open('/home');
    await page.setViewportSize({ width: 1000, height: 900 });
    assert.equal(await health(page), 'ok');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('article[data-lb-author="aoi_dev"][data-lb-mark="newest-unliked"]'));
    const badges = await page.$$eval('[data-lb="badge"], [data-lb="bar-badge"]', (bs) => bs.map((b) => b.textContent));
    assert.ok(badges.length >= 3, badges.join());
    for (const b of badges) assert.match(b, /^(♡ いいね返し(残り\d+件)?|✓ いいね返し済み)$/);
    // Aoi is owed likes (Home also shows a post of hers seen liked, inside Yuki's quote).
    assert.match(await page.locator(`article[data-lb-post="${homeJa[0].id}"] [data-lb="badge"]`).textContent(), /^♡ いいね返し残り[1-3]件$/);
    const bar = page.locator('[data-lb="repost-bar"]').first();
    assert.match(await bar.getAttribute('title'), /^折りたたまれたリポストです。Enterキーを押すと表示されます。$/);
    assert.match(await bar.textContent(), /さんが.+さんのポストをリポスト/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await x.shot(page, 'ja-marks');

    // Home was seen: the popup's team tab lists each member's newest post.
    const popup = await x.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.locator('[data-lb="tab-round"]').click();
    await popup.waitForSelector('[data-lb="round-entry"][data-lb-state="waiting"]');
    assert.deepEqual(await strayLatin(popup, '[data-lb="panel-round"]', '.name, .initials, .detail'), []);
    await x.shot(popup, 'ja-popup-team');
    await popup.close();
  });

  it('a refused import says why in Japanese, with the file\'s own text quoted', async () => {
    const options = await x.openExtensionPage('options.html');
    await options.setViewportSize({ width: 1000, height: 900 });
    await options.waitForSelector('input[data-lb="import"]');
    const good = JSON.stringify({ format: 'likeback', version: 1, events: [{ type: 'received', who: 'aoi_dev', post: '2124725880224904851', at: '2026-11-23T10:40:00.000Z' }] });
    const cases = [
      ['other.json', JSON.stringify({ hello: 'world' }), 'Likebackのエクスポートファイルではありません'],
      ['cut.json', good.slice(0, 40), 'ファイルが途中で切れています（JSONとして読めません）'],
      ['no-events.json', JSON.stringify({ format: 'likeback', version: 1 }), 'ファイルにいいねの一覧がありません'],
      ['newer.json', JSON.stringify({ format: 'likeback', version: 2, events: [] }), '新しいバージョンのLikebackで作られたファイルです（形式バージョン2）。Likebackを更新するとインポートできます'],
      ['bad-event.json', good.replace('"received"', '"stolen"'), '1件目のいいねの種類「stolen」が正しくありません'],
    ];
    for (const [name, text, why] of cases) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      await options.evaluate(() => { document.querySelector('[data-lb="import-status"]').textContent = ''; });
      await options.locator('input[data-lb="import"]').setInputFiles(f);
      await options.waitForFunction(() => /できませんでした/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''));
      assert.equal(await options.locator('[data-lb="import-status"]').textContent(), `インポートできませんでした（データは変わっていません）：${why}`, name);
    }
    await options.locator('[data-lb="import-status"]').scrollIntoViewIfNeeded();
    await x.shot(options, 'ja-import-refused');
  });
});
