#!/usr/bin/env bash
# The two commands of the README:
#   npm start  ->  scripts/tabletalk.sh start   install what is missing, then run the whole system
#   npm test   ->  scripts/tabletalk.sh test    install what is missing, then run every test suite
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
  test)
    build
    exec node scripts/run-tests.mjs "${@:2}"
    ;;
  *)
    echo "usage: $0 start|test" >&2
    exit 2
    ;;
esac
