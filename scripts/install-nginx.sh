#!/usr/bin/env bash
# Installs nginx from Debian's packages for the real-nginx tests and the example capture.
#
# Idempotent: does nothing when /usr/sbin/nginx is already there. The tests start their own nginx
# with its own prefix on loopback ports, so the system service that a package install may start is
# stopped again: it would hold port 80 and a stray master process.
#
# Exit codes: 0 nginx is installed, 1 it is missing and cannot be installed here (the message says
# what to install).
set -euo pipefail

readonly NGINX_BIN=/usr/sbin/nginx
# Debian's `nginx` package is the server binary itself (proxy, fastcgi, ssl built in); `nginx-light`
# and `nginx-core` only add dynamic modules that the tests do not use.
readonly PACKAGE=nginx

say() { printf 'install-nginx: %s\n' "$*"; }
fail() {
  printf 'install-nginx: %s\n' "$*" >&2
  printf 'install-nginx: install it yourself, e.g. `sudo apt-get install -y nginx` (Debian/Ubuntu), or any nginx >= 1.18 at %s\n' "$NGINX_BIN" >&2
  exit 1
}

if [[ -x "$NGINX_BIN" ]]; then
  say "already installed: $("$NGINX_BIN" -v 2>&1)"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  fail "nginx is missing and this is not root, so it cannot be installed here"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  fail "nginx is missing and there is no apt-get (not a Debian-based system)"
fi

say "installing Debian package '$PACKAGE'"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null || fail "apt-get install $PACKAGE failed"

if [[ ! -x "$NGINX_BIN" ]]; then
  fail "package '$PACKAGE' installed but $NGINX_BIN is missing"
fi

# Where a package install did start the system service (no policy-rc.d blocking it), stop it and
# keep it from starting at boot. Without systemd the sysv script or the pid file is what there is.
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  systemctl disable --now nginx >/dev/null 2>&1 || true
  say "stopped and disabled the nginx systemd service"
elif [[ -s /run/nginx.pid ]]; then
  "$NGINX_BIN" -s quit >/dev/null 2>&1 || kill "$(cat /run/nginx.pid)" 2>/dev/null || true
  say "stopped the nginx service the package started (pid file /run/nginx.pid)"
fi

say "installed: $("$NGINX_BIN" -v 2>&1)"
