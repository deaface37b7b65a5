#!/usr/bin/env bash
# Regenerates public/icons/*.png from the SVG logos with headless Chromium (Debian: apt-get install chromium).
# Run by hand after changing a logo; the PNGs are committed, the build does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
chrome=${CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
render() { # svg size out
  printf '<html><body style="margin:0;background:transparent"><img src="file://%s" width="%s" height="%s" style="display:block"></body></html>' \
    "$PWD/$1" "$2" "$2" >"$tmp/i.html"
  "$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --default-background-color=00000000 \
    --window-size="$2,$2" --screenshot="public/icons/$3.png" "file://$tmp/i.html" 2>/dev/null
}
render public/logo.svg 192 icon-192
render public/logo.svg 512 icon-512
render public/logo.svg 32 favicon-32
render scripts/logo-maskable.svg 512 icon-512-maskable
render scripts/logo-maskable.svg 180 apple-touch-icon
