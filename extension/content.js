// Likeback's content-script loader. Content scripts cannot be ES modules: the wasm-bindgen glue
// is a classic script run just before this one (manifest.json), which leaves `wasm_bindgen`
// in the content scripts' shared scope; this starts the Rust side, which does all the work.
// Whether WebAssembly may compile here is decided by the page's CSP (x.com allows
// 'wasm-unsafe-eval'); when it is refused, the failure is reported, not hidden.
(async () => {
  globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
  try {
    /* global wasm_bindgen */
    await wasm_bindgen({ module_or_path: lbExt.runtime.getURL('pkg/content/likeback_bg.wasm') });
    await wasm_bindgen.content_main();
  } catch (error) {
    document.documentElement.setAttribute('data-lb-health', 'blocked');
    const detail = String(error && error.message || error).slice(0, 200);
    console.warn('Likeback could not start on this page:', detail);
    lbExt.runtime.sendMessage({ type: 'health', health: 'blocked', detail }).catch(() => {});
  }
})();
