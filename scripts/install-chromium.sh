#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test of the HTML report (test/report/browser.test.ts),
# which drives it with playwright-core (no browser download: playwright's own builds are not used).
#
# Idempotent: does nothing when /usr/bin/chromium is already there. `fonts-dejavu-core` gives the
# headless browser real fonts, so the screenshot is readable and the layout does not depend on
# whatever fallback font the machine happens to have.
#
# Exit codes: 0 chromium is installed, 1 it is missing and cannot be installed here (the message
# says what to install).
set -euo pipefail

readonly CHROMIUM_BIN=/usr/bin/chromium
readonly PACKAGES=(chromium fonts-dejavu-core)

say() { printf 'install-chromium: %s\n' "$*"; }
fail() {
  printf 'install-chromium: %s\n' "$*" >&2
  printf 'install-chromium: install it yourself, e.g. `sudo apt-get install -y chromium fonts-dejavu-core` (Debian), so that %s exists\n' "$CHROMIUM_BIN" >&2
  exit 1
}

if [[ -x "$CHROMIUM_BIN" ]]; then
  say "already installed: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  fail "chromium is missing and this is not root, so it cannot be installed here"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  fail "chromium is missing and there is no apt-get (not a Debian-based system)"
fi

say "installing Debian packages: ${PACKAGES[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null ||
  fail "apt-get install ${PACKAGES[*]} failed (on Ubuntu, 'chromium' is a snap stub: use Debian's package)"

if [[ ! -x "$CHROMIUM_BIN" ]]; then
  fail "packages installed but $CHROMIUM_BIN is missing"
fi

say "installed: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
