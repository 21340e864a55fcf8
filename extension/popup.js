// Loader for the toolbar popup; the popup is built by Rust (popup_main).
import init, { popup_main } from './pkg/pages/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
await init({ module_or_path: new URL('./pkg/pages/likeback_bg.wasm', import.meta.url) });
await popup_main();
