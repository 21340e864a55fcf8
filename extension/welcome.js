// Loader for the welcome page (opened once on install, and from the options page); the page
// is built by Rust (welcome_main).
import init, { welcome_main } from './pkg/pages/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
await init({ module_or_path: new URL('./pkg/pages/likeback_bg.wasm', import.meta.url) });
await welcome_main();
