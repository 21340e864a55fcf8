// Benchmark: Insights over 100,000 events with 2,000 posts of mine (the heavy like-back
// practitioner's five months): time from asking the background to the charts and table in the
// page. Prints figures; never fails on time.
//   node tests/bench/insights.mjs
import { launch } from '../e2e/harness.mjs';
import { importExport } from '../e2e/lb.mjs';
import { bigExport } from './ledger.mjs';

const RUNS = 10;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const data = bigExport(Date.now(), 2000);
const x = await launch({ lang: 'en' });
try {
  await importExport(x, data, { timeout: 120_000 });
  const times = [];
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const page = await x.openExtensionPage('options.html#insights');
    await page.waitForSelector('[data-lb="insights-body"][data-lb-ms]', { timeout: 60_000 });
    times.push(Number(await page.locator('[data-lb="insights-body"]').getAttribute('data-lb-ms')));
    summary = await page.locator('[data-lb="insights-summary"]').textContent();
    await page.close();
  }
  console.log('Likeback Insights benchmark: %d events, 2,000 posts of mine', data.events.length);
  console.log('  %s', summary);
  console.log('  asked → charts and table in the page   median %s ms, p95 %s ms (budget 300 ms)', quantile(times, 0.5).toFixed(1), quantile(times, 0.95).toFixed(1));
} finally {
  await x.close();
}
