// Loader for the toolbar popup; the popup is built by Rust (popup_main).
import init, { popup_main } from './pkg/popup/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
// The storage read starts now, so that it runs while the WASM loads; Rust awaits it.
const stored = lbExt.storage.local.get(['summary', 'health', 'meta', 'source_health']);
await init({ module_or_path: new URL('./pkg/popup/likeback_bg.wasm', import.meta.url) });
await popup_main(stored);
