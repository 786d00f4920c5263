#!/usr/bin/env bash
# tspod vs Podman, side by side in one run (npm run bench).
#
# Both pull the same fixture image (busybox) from the same local fixture registry into their own
# throw-away stores under one temp dir, and both read the same CONTAINERS_CONF (this host's hard
# limits are below Podman's default ulimits). Podman is measured only when installed; it runs with
# --runtime runc (crun refuses this host's hybrid cgroups), --cgroup-manager cgroupfs and
# --events-backend file (systemd is not PID 1), and its own --tmpdir.
# Timing: hyperfine without a shell (-N), in BENCH_ROUNDS rounds (default 3) that alternate tspod
# and Podman so drifting machine load hits both alike; each round has BENCH_WARMUP warm-up runs
# (default 2) and BENCH_RUNS measured runs (default 10) per command. The table compares the medians
# of all measured runs pooled. BENCH_NO_PODMAN=1 measures tspod alone. BENCH_ONLY=images,run-d-50
# measures only the named rows (names as in the bench calls below; ps and ps-a measure the
# containers run-d-50 leaves running). Results: bench/results/latest.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BUN=$ROOT/node_modules/.bin/bun
RUNS=${BENCH_RUNS:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_ROUNDS:-3}
((RUNS * ROUNDS >= 10 && ROUNDS >= 1)) || { echo "bench: need BENCH_RUNS * BENCH_ROUNDS >= 10" >&2; exit 2; }

say() { printf 'bench: %s\n' "$*"; }

# wanted NAME: whether BENCH_ONLY (comma-separated row names) selects this row; all when unset
wanted() { [[ -z ${BENCH_ONLY:-} || ",$BENCH_ONLY," == *",$1,"* ]]; }

bash scripts/setup-host.sh

if ! command -v hyperfine >/dev/null; then
  say "installing hyperfine"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends hyperfine ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends hyperfine; }
fi

have_podman=""
[[ -n ${BENCH_NO_PODMAN:-} ]] || ! command -v podman >/dev/null || have_podman=1

# --- fixture registry (stopped at the end only if this script started it) ------------------
registry_was_running=""
"$BUN" test/fixtures/fixture-registry.ts status >/dev/null 2>&1 && registry_was_running=1
addr=$("$BUN" test/fixtures/fixture-registry.ts start | tail -n 1)
IMAGE=$addr/busybox

# --- stores -------------------------------------------------------------------------------------
# Short paths on purpose: the attach socket lives at RUNROOT/socket/<64-hex id>/attach and a unix
# socket path must stay under 108 bytes (tspod 0.1.0 fails when it does not).
BENCH=$(mktemp -d /tmp/tsb.XXXXXX)
export CONTAINERS_CONF=$BENCH/containers.conf
# netavark explicitly: with a fresh store Podman 4.3 would pick CNI (Debian ships a CNI config
# in /etc/cni/net.d but no CNI plugins) and warn on every command.
printf '[containers]\ndefault_ulimits = ["nofile=1024:1024","nproc=1024:1024"]\n\n[network]\nnetwork_backend = "netavark"\n' \
  >"$CONTAINERS_CONF"
TSPOD=("$ROOT/bin/tspod" --root "$BENCH/t/root" --runroot "$BENCH/t/run")
PODMAN=(podman --root "$BENCH/p/root" --runroot "$BENCH/p/run" --tmpdir "$BENCH/p/tmp"
  --cgroup-manager cgroupfs --events-backend file --runtime runc)

cleanup() {
  set +e
  "${TSPOD[@]}" rm -af -t 0 >/dev/null 2>&1
  "${TSPOD[@]}" network rm -f tsb-bench-net >/dev/null 2>&1
  if [[ -n $have_podman ]]; then
    "${PODMAN[@]}" network rm -f pdb-bench-net >/dev/null 2>&1
    "${PODMAN[@]}" rm -a -f >/dev/null 2>&1
    "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1
  fi
  # Anything still running from our stores (a conmon, a container) is ours: report and stop it.
  local pids
  pids=$(pgrep -f -- "$BENCH/" || true)
  if [[ -n $pids ]]; then
    say "stopping leftover processes: $(echo $pids)" >&2
    kill $pids 2>/dev/null; sleep 0.5; kill -9 $pids 2>/dev/null
  fi
  # Mounts under the bench dir, deepest first.
  awk -v d="$BENCH/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
  rm -rf "$BENCH"
  [[ -n $registry_was_running ]] || "$BUN" test/fixtures/fixture-registry.ts stop >/dev/null 2>&1
}
trap cleanup EXIT

say "image $IMAGE, stores in $BENCH; $ROUNDS rounds of $WARMUP warm-up + $RUNS runs per command"
"${TSPOD[@]}" pull -q --tls-verify=false "$IMAGE" >/dev/null
"${TSPOD[@]}" run --rm --network none "$IMAGE" true ||
  { say "tspod cannot run the benchmark container" >&2; exit 1; }
if [[ -n $have_podman ]]; then
  "${PODMAN[@]}" pull -q --tls-verify=false "$IMAGE" >/dev/null
  if ! "${PODMAN[@]}" run --rm --network none "$IMAGE" true; then
    say "podman cannot run the benchmark container here: measuring tspod only" >&2
    have_podman=""
  fi
fi

# bench NAME ARGS... : hyperfine over "tspod ARGS" (and "podman ARGS") -> $BENCH/NAME.ROUND.json
bench() {
  wanted "$1" || return 0
  local name=$1 round
  shift
  local cmds=(-n tspod "${TSPOD[*]} $*")
  [[ -z $have_podman ]] || cmds+=(-n podman "${PODMAN[*]} $*")
  for ((round = 1; round <= ROUNDS; round++)); do
    say "$name (round $round/$ROUNDS)"
    hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
      --export-json "$BENCH/$name.$round.json" "${cmds[@]}"
  done
}
# bench_sh NAME RUNS PREPARE_TSPOD CMD_TSPOD PREPARE_PODMAN CMD_PODMAN : through a shell, each measured
# run after its own prepare command (for container benchmarks that need a store in a given state)
bench_sh() {
  wanted "$1" || return 0
  local name=$1 runs=$2 round
  local cmds=(-n tspod --prepare "$3" "$4")
  [[ -z $have_podman ]] || cmds+=(-n podman --prepare "$5" "$6")
  for ((round = 1; round <= ROUNDS; round++)); do
    say "$name (round $round/$ROUNDS)"
    hyperfine --style basic --warmup 0 --runs "$runs" --export-json "$BENCH/$name.$round.json" "${cmds[@]}"
  done
}
# jsons NAME -> the round files of NAME, comma-separated
jsons() {
  wanted "$1" || { echo "skip:not selected (BENCH_ONLY)"; return; }
  local round out=()
  for ((round = 1; round <= ROUNDS; round++)); do out+=("$BENCH/$1.$round.json"); done
  local IFS=,
  echo "${out[*]}"
}

# bench_shell NAME TSPOD_SCRIPT PODMAN_SCRIPT : like bench, for command lines that need a shell
# (`a && b`); hyperfine's shell start-up is subtracted from both alike.
bench_shell() {
  wanted "$1" || return 0
  local name=$1 round
  local cmds=(-n tspod "$2")
  [[ -z $have_podman ]] || cmds+=(-n podman "$3")
  for ((round = 1; round <= ROUNDS; round++)); do
    say "$name (round $round/$ROUNDS)"
    hyperfine --shell=bash --style basic --warmup "$WARMUP" --runs "$RUNS" \
      --export-json "$BENCH/$name.$round.json" "${cmds[@]}"
  done
}

# bench_cold NAME RUNS ARGS... : like bench, but every run starts from an empty store (a fresh
# --root/--runroot pair removed by hyperfine's --prepare), no warm-up.
bench_cold() {
  wanted "$1" || return 0
  local name=$1 runs=$2 round
  shift 2
  local t=("$ROOT/bin/tspod" --root "$BENCH/tc/root" --runroot "$BENCH/tc/run")
  local p=(podman --root "$BENCH/pc/root" --runroot "$BENCH/pc/run" --tmpdir "$BENCH/pc/tmp"
    --cgroup-manager cgroupfs --events-backend file --runtime runc)
  local cmds=(--prepare "rm -rf $BENCH/tc" -n tspod "${t[*]} $*")
  [[ -z $have_podman ]] || cmds+=(--prepare "rm -rf $BENCH/pc" -n podman "${p[*]} $*")
  for ((round = 1; round <= ROUNDS; round++)); do
    say "$name (round $round/$ROUNDS)"
    hyperfine -N --style basic --warmup 0 --runs "$runs" \
      --export-json "$BENCH/$name.$round.json" "${cmds[@]}"
  done
}

bench version --version
bench run run --rm --network none "$IMAGE" true
# save/load round trip of the fixture image: docker-archive to a file, loaded back into the same
# store (its layer is present, so both skip unpacking it and only record the image).
bench_shell saveload \
  "${TSPOD[*]} save -q -o $BENCH/t-save.tar $IMAGE && ${TSPOD[*]} load -q -i $BENCH/t-save.tar" \
  "rm -f $BENCH/p-save.tar && ${PODMAN[*]} save -q -o $BENCH/p-save.tar $IMAGE && ${PODMAN[*]} load -q -i $BENCH/p-save.tar"

# `images` over 12 listed images: a second pulled image plus tags (cheap, the same in both stores)
"${TSPOD[@]}" pull -q --tls-verify=false "$addr/layered" >/dev/null
[[ -z $have_podman ]] || "${PODMAN[@]}" pull -q --tls-verify=false "$addr/layered" >/dev/null
for i in $(seq 1 10); do
  "${TSPOD[@]}" tag "$IMAGE" "bench/img$i"
  [[ -z $have_podman ]] || "${PODMAN[@]}" tag "$IMAGE" "bench/img$i"
done
bench images images

# cold pull of a 6-layer ~100 MB (compressed) image built by bench/big-image.ts
BIG=skipped
wanted pull && BIG=$("$BUN" bench/big-image.ts "$addr" | tail -n 1)
PULL_RUNS=${BENCH_PULL_RUNS:-2}
bench_cold pull "$PULL_RUNS" pull -q --tls-verify=false "$BIG"

# --- 50 containers: run -d, ps, ps -a, rm -af ----------------------------------------------------
# The containers sleep 600 s (not 60) so that none exits while ps is being measured.
N=${BENCH_CONTAINERS:-50}
CRUNS=${BENCH_CONTAINER_RUNS:-3}
T=${TSPOD[*]}
P=${PODMAN[*]}
run_n() { echo "for i in \$(seq $N); do $1 run -d --network none $IMAGE sleep 600 >/dev/null; done"; }
# SETTLE (in every container row's prepare, for both engines alike): each removed container leaves
# the kernel a dying memory cgroup pinned by its page cache, and hundreds of them make creating the
# next containers' cgroups slower and slower (measured here: 50× run -d drifted from 4.7 s to 6.3 s
# over a few rounds, and back to 4.7 s after dropping the caches). So the prepare drops the caches
# and then re-reads both engines' binaries and the runtime components, so no run starts cold.
SETTLE="sync; echo 3 >/proc/sys/vm/drop_caches; $T --version >/dev/null; ${have_podman:+$P --version >/dev/null;} runc --version >/dev/null; conmon --version >/dev/null; /usr/lib/podman/netavark --version >/dev/null 2>&1 || true"
bench_sh run-d-50 "$CRUNS" "$T rm -af -t 0 >/dev/null; $SETTLE" "$(run_n "$T")" \
  "$P rm -af -t 0 >/dev/null; $SETTLE" "$(run_n "$P")"
# ps and ps -a measured against the 50 running containers the last run left behind
bench ps ps
bench ps-a ps -a
bench_sh rm-af-50 "$CRUNS" "$T rm -af -t 0 >/dev/null 2>&1; $SETTLE; $(run_n "$T")" "$T rm -af -t 0" \
  "$P rm -af -t 0 >/dev/null; $SETTLE; $(run_n "$P")" "$P rm -af -t 0"
"${TSPOD[@]}" rm -af -t 0 >/dev/null
[[ -z $have_podman ]] || "${PODMAN[@]}" rm -af -t 0 >/dev/null
exec_spec="exec true|0.7|skip:no exec command in this tspod build"
wanted exec || exec_spec="exec true|0.7|skip:not selected (BENCH_ONLY)"
if wanted exec && "${TSPOD[@]}" exec --help >/dev/null 2>&1; then
  "${TSPOD[@]}" run -d --name bench-exec --network none "$IMAGE" sleep 600 >/dev/null
  [[ -z $have_podman ]] || "${PODMAN[@]}" run -d --name bench-exec --network none "$IMAGE" sleep 600 >/dev/null
  bench exec exec bench-exec true
  exec_spec="exec true|0.7|$(jsons exec)"
  "${TSPOD[@]}" rm -af -t 0 >/dev/null
  [[ -z $have_podman ]] || "${PODMAN[@]}" rm -af -t 0 >/dev/null
fi

# --- networking: run --rm on the default bridge; 20 containers started on one user network -----
# Each engine gets its own network (both read the host's network_config_dir), removed at the end.
bench run-bridge run --rm "$IMAGE" true
if wanted net-20; then
  "${TSPOD[@]}" network create --subnet 10.231.7.0/24 tsb-bench-net >/dev/null
  [[ -z $have_podman ]] || "${PODMAN[@]}" network create --subnet 10.231.8.0/24 pdb-bench-net >/dev/null
  net_n() { echo "for i in \$(seq 20); do $1 run -d --network $2 $IMAGE sleep 600 >/dev/null; done"; }
  bench_sh net-20 "$CRUNS" "$T rm -af -t 0 >/dev/null; $SETTLE" "$(net_n "$T" tsb-bench-net)" \
    "$P rm -af -t 0 >/dev/null; $SETTLE" "$(net_n "$P" pdb-bench-net)"
  "${TSPOD[@]}" rm -af -t 0 >/dev/null
  "${TSPOD[@]}" network rm -f tsb-bench-net >/dev/null
  if [[ -n $have_podman ]]; then
    "${PODMAN[@]}" rm -af -t 0 >/dev/null
    "${PODMAN[@]}" network rm -f pdb-bench-net >/dev/null
  fi
fi

# --- build: a 6-step Containerfile (FROM, RUN, COPY of 4 MB, ENV, RUN, CMD) ----------------------
# cold = --no-cache (every step runs and commits again; the base image is present), cached = an
# unchanged rebuild where every step comes from the layer cache.
BCTX=$BENCH/buildctx
bash bench/build-context.sh "$BCTX" "$IMAGE"
bench build-cold build -q --no-cache "$BCTX"
if wanted build-cached; then
  "${TSPOD[@]}" build -q "$BCTX" >/dev/null
  [[ -z $have_podman ]] || "${PODMAN[@]}" build -q "$BCTX" >/dev/null
fi
bench build-cached build -q "$BCTX"

versions="tspod $("${TSPOD[@]}" --version | awk '{print $NF}')"
[[ -z $have_podman ]] || versions+=", podman $(podman --version | awk '{print $NF}')"
header="$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $versions; image $IMAGE (fixture busybox),
\`run\` = \`run --rm --network none IMAGE true\`, \`save+load\` = \`save -o F IMAGE && load -i F\`, \`pull\` = cold \`pull -q\` of a 6-layer ~100 MB image into an empty store; median of $((ROUNDS * RUNS)) runs per command
($ROUNDS alternating hyperfine -N rounds of $WARMUP warm-up + $RUNS runs); the $N-container rows
(\`run -d --network none IMAGE sleep 600\` $N times in a shell loop, \`ps\`/\`ps -a\` with those
$N running, \`rm -af\` of $N running) take $((ROUNDS * CRUNS)) runs each; \`build\` = \`build -q\` of
bench/build-context.sh's Containerfile, cold with --no-cache, cached as an unchanged rebuild."
mkdir -p bench/results
echo
"$BUN" bench/report.ts bench/results/latest.md "$header" \
  "--version|0.5|$(jsons version)" \
  "run|0.7|$(jsons run)" \
  "run (bridge)|0.7|$(jsons run-bridge)" \
  "20× run -d (user network)|0.7|$(jsons net-20)" \
  "images (12 listed)|0.5|$(jsons images)" \
  "save+load|1.0|$(jsons saveload)" \
  "pull (cold, $BIG)|0.7|$(jsons pull)" \
  "${N}× run -d|0.7|$(jsons run-d-50)" \
  "ps ($N running)|0.5|$(jsons ps)" \
  "ps -a ($N)|0.5|$(jsons ps-a)" \
  "rm -af ($N running)|0.7|$(jsons rm-af-50)" \
  "$exec_spec" \
  "build (6 steps, cold)|0.8|$(jsons build-cold)" \
  "build (6 steps, cached)|0.5|$(jsons build-cached)"

# --- API service: GET /version and /containers/json?all=1 (10 containers) at 16 clients ---------
if wanted api; then
  for i in $(seq 10); do
    "${TSPOD[@]}" create --network none "$IMAGE" true >/dev/null
    [[ -z $have_podman ]] || "${PODMAN[@]}" create --network none "$IMAGE" true >/dev/null
  done
  "${TSPOD[@]}" system service -t 0 "unix://$BENCH/t.sock" 2>/dev/null &
  tspod_svc=$!
  services=("tspod=$BENCH/t.sock:$tspod_svc")
  if [[ -n $have_podman ]]; then
    "${PODMAN[@]}" system service -t 0 "unix://$BENCH/p.sock" 2>/dev/null &
    podman_svc=$!
    services+=("podman=$BENCH/p.sock:$podman_svc")
  fi
  for _ in $(seq 100); do [[ -S $BENCH/t.sock && ( -z $have_podman || -S $BENCH/p.sock ) ]] && break; sleep 0.1; done
  "$BUN" bench/api-load.ts bench/results/latest.md "${BENCH_API_SECONDS:-5}" 16 "${services[@]}" -- \
    /v1.41/version "/v1.41/containers/json?all=1"
  kill "$tspod_svc" ${podman_svc:-} 2>/dev/null
  wait "$tspod_svc" ${podman_svc:-} 2>/dev/null || true
fi
say "written to bench/results/latest.md"
