// X's narrow (phone) layout: 390×844, touch, a mobile user agent. X draws no side bar there (no
// profile link, no account switcher in it): "me" comes from the avatar button at the top. Repost
// bars and badges must fit the width, and a bar is a touch target of at least 44 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { ME } from '../fixtures/x/scenarios.mjs';
import { badgeOverlaps, health, settled, waitLedger } from './lb.mjs';
import { importKnownLedger } from './known-ledger.mjs';

const WIDTH = 390;

describe('The narrow (phone) layout', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ viewport: { width: WIDTH, height: 844 }, mobile: true, sidebar: { narrow: true } });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('has no side bar, and "me" comes from the avatar button at the top', async () => {
    const layout = await page.evaluate(() => ({
      profileLink: !!document.querySelector('[data-testid="AppTabBar_Profile_Link"]'),
      switcher: !!document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]'),
      dash: !!document.querySelector('[data-testid="DashButton_ProfileIcon_Link"]'),
      bottomBar: !!document.querySelector('[data-testid="BottomBar"]'),
      touch: matchMedia('(pointer: coarse)').matches,
    }));
    assert.deepEqual(layout, { profileLink: false, switcher: false, dash: true, bottomBar: true, touch: true });
    const l = await waitLedger(x, (l) => l.file.me === ME, '"me" from the narrow layout');
    assert.equal(l.file.me, ME);
  });

  it('repost bars and badges fit the width; bars are ≥ 44 px touch targets that open on a tap', async () => {
    // Friends to mark (imported after "me" was learned from the page: the import names "me" too).
    await importKnownLedger(x);
    page = await x.open('/home');
    await settled(page);
    const sizes = await page.evaluate(() => {
      const rect = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, height: r.height }; };
      return {
        scrollWidth: document.documentElement.scrollWidth,
        bars: [...document.querySelectorAll('[data-lb="repost-bar"]')].filter((b) => b.getClientRects().length).map(rect),
        badges: [...document.querySelectorAll('[data-lb="badge"], [data-lb="bar-badge"]')].filter((b) => b.getClientRects().length).map(rect),
      };
    });
    assert.ok(sizes.bars.length >= 2, 'collapsed reposts on Home');
    assert.ok(sizes.badges.length >= 1, 'marks on Home');
    assert.ok(sizes.scrollWidth <= WIDTH, `no sideways scrolling (${sizes.scrollWidth})`);
    for (const b of sizes.bars) {
      assert.ok(b.height >= 44, `bar ${b.height} px high`);
      assert.ok(b.left >= 0 && b.right <= WIDTH, `bar inside the screen: ${JSON.stringify(b)}`);
    }
    for (const b of sizes.badges) assert.ok(b.left >= 0 && b.right <= WIDTH, `badge inside the screen: ${JSON.stringify(b)}`);
    assert.deepEqual(await page.evaluate(badgeOverlaps), [], "a badge covers nothing of X's header");
    await x.shot(page, 'narrow-home-en');
    const bar = page.locator('[data-lb="repost-bar"]').first();
    await bar.tap();
    await page.waitForFunction(() => document.querySelector('[data-lb="repost-bar"]')?.getAttribute('aria-expanded') === 'true');
    await x.shot(page, 'narrow-home-expanded-en');
  });
});
