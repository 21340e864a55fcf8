#!/usr/bin/env bash
# Likeback build and test entry point.
#   ./build.sh         build extension/ (ready for "Load unpacked"), dist/*.zip (Chrome Web Store,
#                      AMO, AMO's source archive) and dist/store-images/
#   ./build.sh test    build, then fmt, clippy, cargo test, web-ext lint and the browser tests
#   ./build.sh bench   build, then the benchmarks (they print figures)
# On a fresh machine it installs what it needs: the wasm32 target, wasm-bindgen-cli at the
# version in Cargo.lock, the npm packages of package-lock.json and (for tests) Debian's chromium
# and firefox-esr with geckodriver.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-build}"

say() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a couple of minutes, once)"
    # Not --locked: one of its locked dependencies is missing from the registry here.
    cargo install wasm-bindgen-cli --version "$want"
  fi
  # By content, not by date: a fresh checkout's package-lock.json is always newer than the
  # installed tree. A node_modules that is a symlink is someone else's tree: never reinstalled
  # here (npm ci empties the folder behind the link).
  local lock
  lock=$(sha256sum package-lock.json | cut -c1-64)
  if [ -L node_modules ]; then
    [ -x node_modules/.bin/wasm-opt ] || { echo "node_modules links to a tree without wasm-opt"; exit 1; }
  elif [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat node_modules/.likeback-lock 2>/dev/null)" != "$lock" ]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund
    echo "$lock" > node_modules/.likeback-lock
  fi
}

build() {
  rm -rf extension/pkg
  # One WASM per kind of context (see Cargo.toml): the content script's stays small, and so
  # does the popup's (it must paint at once), whose first rows come from a smaller one still.
  local part
  for part in content pages popup popup-first; do
    say "building the $part wasm (release)"
    cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features "$part"
    # The content script's glue is a classic script (a global wasm_bindgen), listed before
    # content.js in the manifest: content scripts cannot be modules, and an import() of it would
    # need a computed URL (Firefox resolves a relative one against the page, AMO's linter warns).
    local target=web
    [ "$part" = content ] && target=no-modules
    wasm-bindgen --target "$target" --no-typescript --out-dir "extension/pkg/$part" \
      target/wasm32-unknown-unknown/release/likeback.wasm
    # npm's binaryen: Debian's older wasm-opt emits modules that fail at run time.
    node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
      --enable-multivalue --enable-mutable-globals \
      -o "extension/pkg/$part/likeback_bg.wasm" "extension/pkg/$part/likeback_bg.wasm"
  done
  bundle_popup
  package
  local raw gz
  for part in content pages popup popup-first; do
    raw=$(wc -c < "extension/pkg/$part/likeback_bg.wasm")
    gz=$(gzip -9c "extension/pkg/$part/likeback_bg.wasm" | wc -c)
    echo "$part wasm: $raw bytes, $gz gzipped"
  done
  say "extension/ is ready to load unpacked"
}

# The popup's page and its one script: extension/popup.html is popup.in.html with the
# stylesheet's rules inlined, and extension/popup.bundle.js the loader (extension/popup.js)
# with the first view's glue in place of its import and the first view's WASM (base64) in
# place of its address. An extension page's files come one after another right after it opens
# (the browser's UI thread is busy then), and each one the first rows wait for puts their first
# paint 8-20 ms later: two fewer (the stylesheet, the WASM) paint the rows about 20 ms sooner,
# 60 paired openings (README "Benchmarks").
bundle_popup() {
  node - <<'JS'
const fs = require('fs');
const fail = (why) => { console.error(`bundle_popup: ${why}`); process.exit(1); };
const replace = (text, from, to, file) => {
  if (!text.includes(from)) fail(`${file} no longer has: ${from}`);
  return text.replace(from, () => to);
};
const loader = fs.readFileSync('extension/popup.js', 'utf8');
const glue = fs.readFileSync('extension/pkg/popup-first/likeback.js', 'utf8');
const wasm = fs.readFileSync('extension/pkg/popup-first/likeback_bg.wasm').toString('base64');
// The name wasm-bindgen gives its init function, read from its own export of it.
const init = glue.match(/export \{[^}]*?\b([\w$]+) as default\b[^}]*\}/)?.[1];
if (!init || !/^export function popup_first\b/m.test(glue)) fail('the glue exports no default init or no popup_first');
let bundled = replace(loader, "import init, { popup_first } from './pkg/popup-first/likeback.js';", `const init = ${init};`, 'extension/popup.js');
// Uint8Array.fromBase64: Chrome 140, Firefox 133; atob before that.
bundled = replace(bundled, "new URL('./pkg/popup-first/likeback_bg.wasm', import.meta.url)",
  `((b64) => Uint8Array.fromBase64?.(b64) ?? Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))('${wasm}')`,
  'extension/popup.js');
// The loader in a block of its own, so that its names cannot meet the glue's.
fs.writeFileSync('extension/popup.bundle.js', '// Built by build.sh (bundle_popup) from pkg/popup-first/ and popup.js.\n'
  + `${glue}\n{\n${bundled}}\n`);
const page = fs.readFileSync('extension/popup.in.html', 'utf8');
const css = fs.readFileSync('extension/pages.css', 'utf8');
if (css.includes('</')) fail('extension/pages.css has a "</", which would end the inlined <style>');
fs.writeFileSync('extension/popup.html', replace(page, '<link rel="stylesheet" href="pages.css">',
  `<style>\n${css}</style>`, 'extension/popup.in.html'));
JS
}

# One zip per browser, each with the manifest keys that browser reads.
package() {
  local version stage
  version=$(node -p "require('./extension/manifest.json').version")
  mkdir -p dist
  for browser in chrome firefox; do
    stage=$(mktemp -d)
    cp -r extension/. "$stage/"
    # Only the page and the bundle made of these are loaded (bundle_popup).
    rm -r "$stage/popup.js" "$stage/popup.in.html" "$stage/pkg/popup-first"
    BROWSER=$browser node -e '
      const fs = require("fs"), path = process.argv[1] + "/manifest.json";
      const m = JSON.parse(fs.readFileSync(path, "utf8"));
      if (process.env.BROWSER === "chrome") { delete m.background.scripts; delete m.browser_specific_settings; }
      else { delete m.background.service_worker; }
      fs.writeFileSync(path, JSON.stringify(m, null, 2) + "\n");' "$stage"
    rm -f "dist/likeback-$browser-$version.zip"
    python3 - "$stage" "dist/likeback-$browser-$version.zip" <<'PY'
import os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk(stage):
        for f in sorted(files):
            full = os.path.join(root, f)
            z.write(full, os.path.relpath(full, stage))
PY
    rm -rf "$stage"
  done
  source_archive "$version"
  echo "dist/likeback-chrome-$version.zip dist/likeback-firefox-$version.zip dist/likeback-source-$version.zip"
}

# The source archive AMO's reviewers build from: every file git tracks (as it is in the work
# tree, so that it matches what was just built), with the build instructions at its root.
source_archive() {
  rm -f "dist/likeback-source-$1.zip"
  git ls-files -z --cached --others --exclude-standard | python3 -c '
import os, sys, zipfile
names = [n for n in sys.stdin.buffer.read().decode().split("\0") if n and os.path.isfile(n)]
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(names):
        z.write(n, n)
    z.write("store/BUILDING.md", "BUILDING.md")
' "dist/likeback-source-$1.zip"
}

# The store images (store/images.mjs) from the browser tests' screenshots, or the README's.
store_images() {
  if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ]; then
    say "store images (dist/store-images)"
    # 3: a screenshot is missing (none of the browser tests has run here yet). After the tests
    # (./build.sh test) every one is there, and any failure fails.
    local rc=0
    node store/images.mjs dist/store-images || rc=$?
    if [ "$rc" -ne 0 ] && { [ "$rc" -ne 3 ] || [ "$mode" = test ]; }; then exit "$rc"; fi
  else
    echo "store images skipped: Chromium is not installed (./build.sh test installs it)"
  fi
}

install_browsers() {
  local want=()
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v firefox-esr >/dev/null 2>&1 || want+=(firefox-esr)
  # Chromium's Japanese UI strings: extension pages follow the browser's language.
  dpkg -s chromium-l10n >/dev/null 2>&1 || want+=(chromium-l10n)
  # Japanese glyphs for the screenshots (the tests do not depend on them).
  fc-list 2>/dev/null | grep -qi ipagothic || want+=(fonts-ipafont-gothic)
  if [ ${#want[@]} -gt 0 ]; then
    say "installing Debian packages: ${want[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${want[@]}" >/dev/null
  fi
  # Firefox is driven through geckodriver (plain WebDriver).
  if ! command -v geckodriver >/dev/null 2>&1; then
    say "installing geckodriver (a few minutes, once)"
    cargo install geckodriver --version 0.37.1
  fi
}

test_all() {
  say "cargo fmt --check"
  cargo fmt --check
  say "cargo clippy"
  cargo clippy --all-targets -- -D warnings
  say "cargo test"
  cargo test
  say "web-ext lint (Firefox package)"
  local version
  version=$(node -p "require('./extension/manifest.json').version")
  node_modules/.bin/web-ext lint --source-dir "$PWD/dist/likeback-firefox-$version.zip" --self-hosted \
    --output text 2>&1 | tee target/web-ext-lint.txt
  # The stores' reviewers see the warnings too: none is accepted.
  grep -q "^errors *0" target/web-ext-lint.txt || { echo "web-ext lint found errors"; exit 1; }
  grep -q "^warnings *0" target/web-ext-lint.txt || { echo "web-ext lint found warnings"; exit 1; }
  install_browsers
  say "browser tests"
  node --test --test-concurrency=1 tests/e2e/
  store_images
}

install_tools
build
case "$mode" in
  build) store_images ;;
  test) test_all ;;
  bench) install_browsers; for b in tests/bench/*.mjs; do node "$b"; done ;;
  *) echo "usage: ./build.sh [test|bench]"; exit 2 ;;
esac
