#!/usr/bin/env bash
# The two commands of the README:
#   npm start  ->  scripts/tabletalk.sh start   install what is missing, then run the whole system
#   npm test   ->  scripts/tabletalk.sh test    install what is missing, then run every test suite
#   npm run serve -> scripts/tabletalk.sh serve  the built system, production settings, one port
#   npm run bench -> scripts/tabletalk.sh bench  every benchmark, one TARGET line per goal
# Both work with the machine's old Node: bootstrap installs Node 24 locally and re-runs under it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bootstrap.sh
. scripts/bootstrap.sh --all

build() {
  echo "[tabletalk] building api and sandbox" >&2
  npm run build --silent -w api
  npm run build --silent -w sandbox
}

case "${1:-}" in
  start)
    build
    exec node scripts/stack.mjs "${@:2}"
    ;;
  serve)
    # Production: builds once (when missing or BUILD=1), then the built system on one port.
    if [ "${BUILD:-}" = 1 ] || [ ! -f api/dist/main.js ] || [ ! -f sandbox/dist/main.js ] || [ ! -f dashboard/dist/dashboard/browser/index.html ]; then
      build
      echo "[tabletalk] building the dashboard" >&2
      npm run build --silent -w dashboard
    fi
    # This process serves the dashboard and forwards /api: the same small young generation as the API.
    exec node --max-semi-space-size=2 scripts/serve.mjs "${@:2}"
    ;;
  bench)
    build
    exec node bench/run-all.mjs "${@:2}"
    ;;
  test)
    build
    exec node scripts/run-tests.mjs "${@:2}"
    ;;
  *)
    echo "usage: $0 start|serve|test|bench" >&2
    exit 2
    ;;
esac
