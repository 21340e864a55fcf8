// The store images, composed from real screenshots of Likeback on mini X by Chromium itself
// (no image tool to install; Chromium draws the Japanese captions with the fonts the tests use).
//
//   node store/images.mjs [out-dir]        (default dist/store-images)
//
// Screenshots are read from target/screenshots/ (left there by the browser tests) and, for those
// the tests have not made yet, from docs/ (the README's screenshots, made the same way, under
// the README's names). When one is in neither (the English team round is only the tests'),
// nothing is written and it exits with 3 (build.sh: "skipped").
// Written:
//   screenshot-{1..3}-{en,ja}.png   1280×800, Chrome Web Store and AMO screenshots
//   promo-small-{en,ja}.png         440×280, the Chrome Web Store's small promo tile
//   icon-128.png                    128×128, the store icon (96×96 artwork with 16 px around it,
//                                   as the Chrome Web Store asks)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(ROOT, process.argv[2] ?? 'dist/store-images');
const SHOTS = path.join(ROOT, 'target/screenshots');

/** A screenshot by name: the tests' newest, else the README's copy. */
function shot(names) {
  for (const n of names) {
    for (const dir of [SHOTS, path.join(ROOT, 'docs')]) {
      const f = path.join(dir, `${n}.png`);
      if (fs.existsSync(f)) return pathToFileURL(f).href;
    }
  }
  throw new MissingShot(names);
}

class MissingShot extends Error {
  constructor(names) { super(`no screenshot ${names.join(' / ')}: run the browser tests first (./build.sh test)`); }
}

const TEXT = {
  en: {
    tagline: 'Like-backs on X, counted for you',
    captions: [
      ['Reposts fold into one line', 'Each friend’s own posts stand in order; tap a bar to see the post.'],
      ['Who is waiting for a like-back', 'A badge on each friend’s newest post you have not liked yet, and a daily round for your team.'],
      ['Trust and empathy', 'How many of your likers are regulars, month by month. Everything stays in your browser.'],
    ],
  },
  ja: {
    tagline: 'Xのいいね返しを、自動で記録',
    captions: [
      ['リポストを1行に折りたたみ', '友だち自身のポストが順に並びます。バーをタップするとポストを表示。'],
      ['いいね返しを待っている人', 'まだいいねしていない友だちの最新ポストに印。チームの毎日の巡回リストも。'],
      ['信頼と共感', 'いいねしてくれる人のうち常連は何人か、月ごとにグラフで。データはブラウザの中だけに保存。'],
    ],
  },
};

/** The three screenshots: a page of X (left) and, for one, the popup's team round beside it
 * (the round, not the like-back list: the tests' list includes a hostile display name). */
function screens(lang) {
  // Each: the tests' name, then the README's copy in docs/ where there is one.
  const s = (en, ja) => shot(lang === 'ja' ? [...ja, ...en] : en);
  return [
    { main: s(['home-collapsed-en', 'home-collapsed'], ['home-collapsed-ja']), side: null },
    { main: s(['marks-home-en', 'home-marks'], ['ja-marks']), side: s(['round-en'], ['round-ja', 'ja-popup-team']) },
    { main: s(['insights-en', 'insights'], ['insights-ja', 'ja-options-insights']), side: null },
  ];
}

const BASE = `*{box-sizing:border-box;margin:0}body{font-family:"DejaVu Sans","IPAGothic",sans-serif;color:#0f1419}`;

function screenshotHtml(lang, i) {
  const { main, side } = screens(lang)[i];
  const [title, sub] = TEXT[lang].captions[i];
  return `<!doctype html><html lang="${lang}"><style>${BASE}
    body{width:1280px;height:800px;overflow:hidden;background:#e8f5fd;display:flex}
    .main{width:860px;height:800px;overflow:hidden;border-right:1px solid #cfd9de;background:#fff}
    .main img{width:860px;height:800px;object-fit:cover;object-position:left top;display:block}
    .side{flex:1;padding:48px 36px;display:flex;flex-direction:column;gap:20px}
    h1{font-size:30px;line-height:1.25}p{font-size:19px;line-height:1.5;color:#536471}
    .pop{margin-top:auto;align-self:center;width:300px;flex:none;border-radius:12px;overflow:hidden;box-shadow:0 4px 24px #0003}
    .pop img{width:300px;display:block}</style>
    <div class="main"><img src="${main}"></div>
    <div class="side"><h1></h1><p></p>${side ? `<div class="pop"><img src="${side}"></div>` : ''}</div>
    <script>document.querySelector('h1').textContent=${JSON.stringify(title)};document.querySelector('p').textContent=${JSON.stringify(sub)}</script></html>`;
}

function promoHtml(lang) {
  const icon = pathToFileURL(path.join(ROOT, 'extension/icons/icon128.png')).href;
  return `<!doctype html><html lang="${lang}"><style>${BASE}
    body{width:440px;height:280px;overflow:hidden;background:#1d9bf0;color:#fff;display:flex;align-items:center;gap:24px;padding:0 32px}
    img{width:112px;height:112px;border-radius:24px;background:#fff;padding:8px}
    h1{font-size:40px}p{font-size:19px;line-height:1.4;margin-top:8px}</style>
    <img src="${icon}"><div><h1>Likeback</h1><p></p></div>
    <script>document.querySelector('p').textContent=${JSON.stringify(TEXT[lang].tagline)}</script></html>`;
}

function iconHtml() {
  const icon = pathToFileURL(path.join(ROOT, 'extension/icons/icon128.png')).href;
  return `<!doctype html><style>${BASE}body{width:128px;height:128px;background:transparent;padding:16px}
    img{width:96px;height:96px;display:block}</style><img src="${icon}">`;
}

// Every screenshot found before anything is drawn, so that a missing one leaves nothing half made.
try {
  for (const lang of ['en', 'ja']) screens(lang);
} catch (e) {
  if (!(e instanceof MissingShot)) throw e;
  console.log(`store images skipped: ${e.message}`);
  process.exit(3);
}
fs.mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
try {
  const render = async (html, width, height, name, transparent = false) => {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    const file = path.join(OUT, `.${name}.html`);
    fs.writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: path.join(OUT, name), omitBackground: transparent });
    fs.rmSync(file);
    await page.close();
    console.log(`${path.relative(ROOT, path.join(OUT, name))} ${width}×${height}`);
  };
  for (const lang of ['en', 'ja']) {
    for (let i = 0; i < 3; i++) await render(screenshotHtml(lang, i), 1280, 800, `screenshot-${i + 1}-${lang}.png`);
    await render(promoHtml(lang), 440, 280, `promo-small-${lang}.png`);
  }
  await render(iconHtml(), 128, 128, 'icon-128.png', true);
} finally {
  await browser.close();
}
