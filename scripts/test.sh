#!/usr/bin/env bash
# Runs every test: unit and integration tests under src/ and test/fixtures/, black-box system
# tests under test/system/ (they run the built bin/tspod), and any other *.test.ts under test/.
#
#   npm test                      # everything
#   npm test -- src/spec test/system/run.test.ts   # only tests under these paths
#
# Each test file runs in its own `bun test` process, so a file that throws while loading, calls
# process.exit, crashes Bun or hangs (TSPOD_TEST_FILE_TIMEOUT seconds, default 1200) is counted as
# a failure of that file instead of vanishing or taking the other files with it.
# Counts come from each file's Bun summary (`N pass`, `N fail`, `N skip`, `N todo`, `Ran N tests`);
# a file with no summary counts its `(pass)`/`(fail)`/`(skip)`/`(todo)` lines plus one failure.
# The very last line is `N passed, N failed, N skipped` (skipped includes todo); the exit code is
# non-zero when anything failed.
# JUNIT_DIR=dir writes one JUnit XML per file there as well (note: Bun's JUnit report leaves out
# files that fail to load; the console counts used here do not).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BUN=$ROOT/node_modules/.bin/bun
FILE_TIMEOUT=${TSPOD_TEST_FILE_TIMEOUT:-1200}

if ! bash scripts/setup-host.sh; then
  echo "test: scripts/setup-host.sh failed; no test ran" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

roots=("$@")
((${#roots[@]})) || roots=(src test)
mapfile -t files < <(
  find "${roots[@]}" -type f \( -name '*.test.[jt]s' -o -name '*.test.[jt]sx' -o -name '*_test.[jt]s' \
    -o -name '*.spec.[jt]s' -o -name '*_spec.[jt]s' \) -not -path '*/node_modules/*' -not -path '*/.cache/*' |
    LC_ALL=C sort -u
)
if ((${#files[@]} == 0)); then
  echo "test: no test files under: ${roots[*]}" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/tspod-test.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT
[[ -z ${JUNIT_DIR:-} ]] || mkdir -p "$JUNIT_DIR"

total_pass=0 total_fail=0 total_skip=0
problems=() # one line per file that did not pass cleanly

# parse_summary LOG -> "pass fail skip todo error ran" from the last Bun summary block, or nothing.
parse_summary() {
  awk '
    function reset() { p = f = s = t = e = 0 }
    BEGIN { reset(); found = 0 }
    /^ *[0-9]+ pass$/  { p = $1; next }
    /^ *[0-9]+ fail$/  { f = $1; next }
    /^ *[0-9]+ skip$/  { s = $1; next }
    /^ *[0-9]+ todo$/  { t = $1; next }
    /^ *[0-9]+ errors?$/ { e = $1; next }
    /^ *[0-9]+ (expect\(\) calls?|snapshots?.*)$/ { next }
    /^Ran [0-9]+ tests? across / { rp = p; rf = f; rs = s; rt = t; re = e; rr = $2; found = 1; reset(); next }
    /^ *$/ { next }
    { reset() }
    END { if (found) print rp, rf, rs, rt, re, rr }
  ' "$1"
}

# Bun repeats failed tests in a "N tests failed:" recap: count each distinct line once.
count_lines() { grep -E "^\\($1\\) " "$2" | awk '!seen[$0]++' | wc -l; }

start_all=$SECONDS
for f in "${files[@]}"; do
  log=$LOGDIR/$(echo "$f" | tr '/' '_').log
  junit=()
  [[ -z ${JUNIT_DIR:-} ]] || junit=(--reporter=junit "--reporter-outfile=$JUNIT_DIR/$(echo "$f" | tr '/' '_').xml")
  printf '\n=== %s\n' "$f"
  t0=$SECONDS
  # Both streams go to stdout, in order; Bun's reporter (stderr) also goes into the log.
  arg=$f
  [[ $arg == /* ]] || arg=./$arg # Bun treats a bare word as a name filter, a path only with ./ or /
  { timeout -k 30 "$FILE_TIMEOUT" "$BUN" test "$arg" "${junit[@]}" 2>&1 1>&3 | tee "$log"; } 3>&1
  rc=${PIPESTATUS[0]}
  dt=$((SECONDS - t0))

  summary=$(parse_summary "$log")
  if [[ -n $summary ]]; then
    read -r p fl s t e ran <<<"$summary"
    ((fl == 0 && e > 0)) && fl=$e
    note=""
    if ((rc != 0 && fl == 0)); then
      fl=1
      note="bun test exited $rc without a failing test"
    fi
    ((p + fl + s + t == ran)) || [[ -n $note ]] ||
      echo "test: warning: $f: Bun ran $ran tests but counted $p pass, $fl fail, $s skip, $t todo" >&2
  else
    p=$(count_lines pass "$log")
    fl=$(($(count_lines fail "$log") + 1))
    s=$(count_lines skip "$log") t=$(count_lines todo "$log")
    if ((rc == 124 || rc == 137)); then
      note="timed out after ${FILE_TIMEOUT}s"
    else
      note="bun test exited $rc without a summary (crash or process.exit)"
    fi
  fi
  total_pass=$((total_pass + p)) total_fail=$((total_fail + fl)) total_skip=$((total_skip + s + t))
  if ((fl > 0)); then
    problems+=("$f: $fl failed${note:+ — $note} (${dt}s)")
    while IFS= read -r line; do problems+=("    $line"); done < <(grep -E '^\(fail\) ' "$log" | awk '!seen[$0]++' | head -20)
  fi
done

printf '\n=== %d test files in %ds\n' "${#files[@]}" $((SECONDS - start_all))
if ((${#problems[@]})); then
  echo "Failures:"
  printf '  %s\n' "${problems[@]}"
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
((total_fail == 0))
