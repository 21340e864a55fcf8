// Loader for the toolbar popup; the popup is built by Rust, in two WASMs: a small one draws
// the first rows of the owed list (popup_first), then the full popup (popup_main) draws the
// whole page in their place. The page loads it as popup.bundle.js, where build.sh puts the
// first WASM's glue in place of the import below: one file for the page to wait for.
import init, { popup_first } from './pkg/popup-first/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
// The storage reads start now, so that they run while the WASM loads; Rust awaits them. The
// first view's is small (the summary's head: its answer comes ~5 ms sooner than the whole
// summary's); the full popup's, asked right after, brings everything it shows.
const head = lbExt.storage.local.get(['summary_head', 'meta', 'round']);
const stored = lbExt.storage.local.get(['summary', 'health', 'meta', 'source_health', 'round']);
// In the bundle, build.sh puts the WASM's bytes in place of its address: no file to wait for.
await init({ module_or_path: new URL('./pkg/popup-first/likeback_bg.wasm', import.meta.url) });
// Resolves once the first rows are on the screen: only then is the full popup fetched and
// compiled. Whatever becomes of the first view, the full popup draws the page.
await popup_first(head).catch((e) => console.error('Likeback popup first view:', e));
const popup = await import('./pkg/popup/likeback.js');
await popup.default({ module_or_path: new URL('./pkg/popup/likeback_bg.wasm', import.meta.url) });
await popup.popup_main(stored);
