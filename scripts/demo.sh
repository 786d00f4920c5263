#!/usr/bin/env bash
# A one-minute demo: set up the host, start the local fixture registry, run a container with tspod.
#
#   npm run demo
#
# Uses tspod's default store (/var/lib/tspod, /run/tspod as root). The fixture registry keeps
# running for later demos; stop it with: node_modules/.bin/bun test/fixtures/fixture-registry.ts stop
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUN=node_modules/.bin/bun

echo "demo: 1/3 checking host packages, node_modules and bin/tspod (scripts/setup-host.sh)"
bash scripts/setup-host.sh

echo "demo: 2/3 starting the fixture registry (busybox built from Debian's busybox-static)"
addr=$("$BUN" test/fixtures/fixture-registry.ts start | tail -n 1)
[[ $addr =~ ^127\.0\.0\.1:[0-9]+$ ]] || { echo "demo: unexpected registry address: $addr" >&2; exit 1; }
echo "demo:     registry at http://$addr"

cmd=(bin/tspod run --rm --tls-verify=false "$addr/busybox" echo "Hello from tspod")
echo "demo: 3/3 bin/tspod run --rm --tls-verify=false $addr/busybox echo \"Hello from tspod\""
"${cmd[@]}"
