#!/usr/bin/env bash
# Prepares this host for tspod: Debian packages, node_modules (with Bun), bin/tspod.
# Idempotent and quick when everything is already in place: every step runs only when needed.
#
#   bash scripts/setup-host.sh
#
# Podman is NOT installed here (it is optional, only the benchmark uses it when present).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup-host: %s\n' "$*"; }

# --- 1. Debian packages ---------------------------------------------------------------
# Runtime: what tspod execs. Test-only: what test/fixtures uses to build and serve images.
RUNTIME_PKGS=(runc crun conmon netavark aardvark-dns catatonit uidmap passt slirp4netns
  fuse-overlayfs criu iptables iproute2 openssh-client)
# docker.io (only its CLI, /usr/bin/docker), python3-docker and docker-compose (1.29): real clients of `tspod system service`.
# openssh-server: a throw-away sshd for the `tspod --url ssh://` test (ssh itself is openssh-client).
TEST_PKGS=(busybox-static docker-registry skopeo openssl gcc libc6-dev docker.io python3-docker docker-compose openssh-server)

missing=()
for p in "${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # docker.io's postinst would start dockerd: a policy-rc.d that denies service starts prevents
  # it (left alone when the host already has one)
  own_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  [[ -n $own_policy ]] && rm -f /usr/sbin/policy-rc.d
fi

# --- 2. node_modules (Bun comes from the pinned npm package `bun`) ---------------------
command -v npm >/dev/null || { say "npm is required (Node.js 20+ with npm 11)" >&2; exit 1; }

bun_ok() { [[ -x node_modules/.bin/bun ]] && node_modules/.bin/bun --version >/dev/null 2>&1; }

need_ci=""
if [[ ! -d node_modules ]]; then
  need_ci="node_modules is missing"
elif [[ ! -f node_modules/.package-lock.json ]]; then
  need_ci="node_modules/.package-lock.json is missing"
elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  need_ci="package-lock.json changed"
elif ! bun_ok; then
  need_ci="node_modules/.bin/bun does not run"
fi

if [[ -n $need_ci ]]; then
  say "npm ci ($need_ci)"
  # --foreground-scripts: bun's postinstall links the binary; show it if it fails.
  npm ci --no-audit --no-fund --foreground-scripts
  if ! bun_ok; then
    say "node_modules/.bin/bun does not work after npm ci (was bun's install script skipped?)" >&2
    exit 1
  fi
fi

# --- 3. bin/tspod -------------------------------------------------------------------------
need_build=""
if [[ ! -x bin/tspod ]]; then
  need_build="bin/tspod is missing"
else
  newer=$(find src package.json tsconfig.json node_modules/.package-lock.json \
    -newer bin/tspod -print -quit 2>/dev/null || true)
  [[ -z $newer ]] || need_build="$newer is newer than bin/tspod"
fi

if [[ -n $need_build ]]; then
  say "npm run build ($need_build)"
  npm run --silent build
  [[ -x bin/tspod ]] || { say "build did not produce bin/tspod" >&2; exit 1; }
fi
