// Loader for the options page; the page is built by Rust (options_main).
import init, { options_main } from './pkg/pages/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
await init({ module_or_path: new URL('./pkg/pages/likeback_bg.wasm', import.meta.url) });
await options_main();
