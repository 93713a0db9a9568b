#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end test (test/e2e/): code-server 4.100.3 (VS Code
# 1.100.3 served to a browser, its Node extension host on this machine) and Debian's
# Chromium. Why not @vscode/test-electron: it downloads VS Code from the internet, and CI
# reaches only the npm registry and Debian's packages. This script uses nothing else:
#   - code-server from npm with --ignore-scripts (its postinstall downloads ripgrep),
#   - ripgrep from Debian, copied where VS Code looks for it,
#   - the native modules rebuilt against Node's own headers (Debian's nodejs ships them).
# Usage: scripts/install-vscode-web.sh [DIR]
#   DIR defaults to $SIGHTLINE_VSCODE_WEB or ~/.cache/sightline-vscode-web.
# Idempotent: exits at once when DIR/code-server already runs. Afterwards DIR/code-server is
# the launcher and /usr/bin/chromium the browser.
set -euo pipefail

DIR="${1:-${SIGHTLINE_VSCODE_WEB:-${HOME}/.cache/sightline-vscode-web}}"
VERSION=4.100.3 # = VS Code 1.100.3, the last code-server line that runs on Node 20
log() { echo "install-vscode-web: $*" >&2; }
# code-server writes a config file with a password on first start: keep it out of ~/.config.
version() { XDG_CONFIG_HOME="$DIR/.config" XDG_DATA_HOME="$DIR/.local" "$DIR/code-server" --version 2>/dev/null | tail -n 1; }

if [ -x "$DIR/code-server" ] && version >/dev/null; then
  log "already installed in $DIR"
  exit 0
fi
started=$(date +%s)

# Build tools and headers for the native modules, ripgrep, the browser.
need=()
for p in build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    log "missing Debian packages (${need[*]}) and this user cannot install them (not root, no sudo)"
    exit 1
  fi
  log "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp would download Node's headers; use the ones Debian's nodejs installs in /usr.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] && [ "$(command -v node)" = /usr/bin/node ]; then
  export npm_config_nodedir=/usr
fi

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"sightline-vscode-web","private":true}' >package.json
log "npm install code-server@$VERSION into $DIR"
npm install --no-save --ignore-scripts "code-server@$VERSION" >/dev/null
npm rebuild argon2 >/dev/null

cd node_modules/code-server/lib/vscode
log "installing VS Code's own dependencies and rebuilding its native modules"
npm install --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog >/dev/null
# What code-server's own postinstall would have done.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts >/dev/null)

cd "$DIR"
cat >code-server.tmp <<LAUNCH
#!/usr/bin/env bash
exec node "$DIR/node_modules/code-server/out/node/entry.js" "\$@"
LAUNCH
chmod +x code-server.tmp
mv code-server.tmp code-server # last: its presence marks a finished install
log "code-server $(version) installed in $(($(date +%s) - started)) s"
