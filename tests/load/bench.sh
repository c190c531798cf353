#!/usr/bin/env bash
# Benchmark: requests/s of every kind of page beside /healthz of the same release binary in the
# same run, first with one organisation in the database, then with 1,000 (10,000 groups, 100,000
# people and memberships, 300,000 audit rows), with the number of database queries each page
# makes; then what a first visit downloads. Loopback only; every load run is bounded in time.
# Usage: bench.sh <verkstad binary>
set -euo pipefail
bin=${1:?usage: bench.sh path/to/release/verkstad}
root=$(cd "$(dirname "$0")/../.." && pwd)
port=${BENCH_PORT:-3950}
duration=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
connections=${BENCH_CONNECTIONS:-64}
others=${BENCH_ORGANISATIONS:-999}
db=$(mktemp -u /tmp/verkstad-bench-XXXXXX).db
base=http://127.0.0.1:$port
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
cookie="Cookie: verkstad-session=$token"

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -f "$db" "$db-wal" "$db-shm"
}
trap cleanup EXIT

# The test clock mounts GET /_test/queries, the server's count of database statements.
VERKSTAD_ADDRESS=127.0.0.1:$port VERKSTAD_DATABASE_URL="sqlite://$db?mode=rwc" VERKSTAD_TEST_CLOCK=true \
VERKSTAD_SITE_ROOT="$root/target/site" VERKSTAD_CONTENT_DIR="$root/content" RUST_LOG=warn \
  "$bin" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

read -r organisation group < <(python3 "$root/tests/load/seed.py" "$db" first "$token")
css=/pkg/$(awk -F': ' '$1 == "css" { print "verkstad." $2 ".css" }' "$root/target/site/hash.txt")
# Pages anyone may read: the stylesheet, a step, and the year plan, which reads all five steps.
public=("$css" /huvudman/steg/1 /enhet/arsplan)
# The group's step page: 30 members who have all written in every field and under every prompt.
# The huvudman's step 2 (every unit's hand-overs) and its whole picture (units x steps, charts).
# The group's calendar, a meeting's page, and the bench user's calendar feed (its address is
# the secret; the cookie sent with it changes nothing).
signed_in=("/mina-grupper" "/organisationer/$organisation" "/grupper/$group" "/grupper/$group/steg/1"
  "/grupper/$group/steg/2" "/organisationer/$organisation/helhet" "/grupper/$group/kalender"
  "/grupper/$group/kalender/2/1" "/kalender/$token-kalender.ics")

once() { # path [header] -> requests per second of one run, or an error when any answer was not 2xx
  wrk -t2 -c"$connections" -d"${duration}s" ${2:+-H "$2"} "$base$1" | awk '
    /Requests\/sec/ { rps = $2 } / Non-2xx/ { bad = 1 }
    END { if (bad) { print "ERROR" } else { printf "%.0f\n", rps } }'
}
rps() { # path [header] -> the median of $runs runs: one run on two shared cores varies by ~10%
  for _ in $(seq 1 "$runs"); do once "$@"; done | sort -n \
    | awk '/ERROR/ { bad = 1 } { v[NR] = $1 } END { if (bad) { print "ERROR" } else { print v[int((NR + 1) / 2)] } }'
}
queries() { # path [header] -> statements the database ran for one request of the page
  local before after
  before=$(curl -fs "$base/_test/queries")
  curl -fs -o /dev/null ${2:+-H "$2"} "$base$1"
  after=$(curl -fs "$base/_test/queries")
  echo $((after - before))
}
check() { # path: the signed-in page must render for the bench user, not the sign-in page
  # Read whole first: `grep -q` stops at the first match, and under pipefail the writer's
  # broken pipe would fail a large page.
  local body
  body=$(curl -fs -H "$cookie" "$base$1") || { echo "FAIL: $1 answered with an error"; exit 1; }
  # The feed names the user's groups, not the user.
  [[ $1 == *.ics ]] && { grep -q 'BEGIN:VCALENDAR' <<<"$body" || { echo "FAIL: $1 is no calendar"; exit 1; }; return; }
  grep -q 'bench@verkstad.example\|Bänk Användare' <<<"$body" \
    || { echo "FAIL: $1 did not render for the bench user"; exit 1; }
}
for page in "${signed_in[@]}"; do check "$page"; done

echo "Verkstad benchmark: wrk -t2 -c$connections -d${duration}s on loopback (median of $runs runs), release build, SQLite"
echo "(server and load generator share this machine's $(nproc) cores)"
declare -A one many q_one q_many
# Queries first, on an idle server: under load, requests still in flight would count too.
for page in "${public[@]}"; do q_one[$page]=$(queries "$page"); done
for page in "${signed_in[@]}"; do q_one[$page]=$(queries "$page" "$cookie"); done
health_one=$(rps /healthz)
for page in "${public[@]}"; do one[$page]=$(rps "$page"); done
for page in "${signed_in[@]}"; do one[$page]=$(rps "$page" "$cookie"); done

echo "Seeding $others more organisations..."
python3 "$root/tests/load/seed.py" "$db" others "$others"
for page in "${signed_in[@]}"; do q_many[$page]=$(queries "$page" "$cookie"); done
health_many=$(rps /healthz)
for page in "${signed_in[@]}"; do many[$page]=$(rps "$page" "$cookie"); done

echo
printf '%-34s %9s %9s %9s %9s %8s %8s\n' "page" "req/s 1x" "/healthz" "req/s 100x" "100x/1x" "queries" "at 100x"
printf '%-34s %9s %9s %9s %9s\n' "/healthz" "$health_one" "1.00" "$health_many" \
  "$(awk -v a="$health_many" -v b="$health_one" 'BEGIN { printf "%.2f", a / b }')"
fail=0
for page in "${signed_in[@]}"; do
  ratio=$(awk -v a="${many[$page]}" -v b="${one[$page]}" 'BEGIN { printf "%.2f", a / b }')
  printf '%-34s %9s %9s %9s %9s %8s %8s\n' "$page (signed in)" "${one[$page]}" \
    "$(awk -v a="${one[$page]}" -v b="$health_one" 'BEGIN { printf "%.2f", a / b }')" \
    "${many[$page]}" "$ratio" "${q_one[$page]}" "${q_many[$page]}"
  awk -v r="$ratio" 'BEGIN { exit !(r < 0.9) }' && { echo "  ^ slower at 100x data than 0.9 of 1x"; fail=1; }
  [ "${q_one[$page]}" = "${q_many[$page]}" ] || { echo "  ^ its queries grew with the data"; fail=1; }
done
for page in "${public[@]}"; do
  printf '%-34s %9s %9s %9s %9s %8s\n' "$page" "${one[$page]}" \
    "$(awk -v a="${one[$page]}" -v b="$health_one" 'BEGIN { printf "%.2f", a / b }')" "" "" "${q_one[$page]}"
done
awk -v a="${one[$css]}" -v b="$health_one" 'BEGIN { exit !(a / b < 0.5) }' \
  && { echo "  ^ the static asset is below 0.5 of /healthz"; fail=1; }

echo
echo "First visit downloads (gzip -9):"
total=0
for f in "$root"/target/site/pkg/verkstad.wasm "$root"/target/site/pkg/verkstad.js "$root"/target/site/pkg/verkstad.css; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c); total=$((total + gz))
  printf '  %-16s %8d B raw %8d B gzip\n' "$(basename "$f")" "$raw" "$gz"
done
html=$(curl -fs "$base/huvudman/steg/1" | wc -c); html_gz=$(curl -fs "$base/huvudman/steg/1" | gzip -9 | wc -c)
printf '  %-16s %8d B raw %8d B gzip\n' "step page HTML" "$html" "$html_gz"
echo
# The group's step page with 30 members who have all written in every field: the others' texts
# and the answers' versions are on each field's own page, so this stays small on a phone.
group_step="/grupper/$group/steg/1"
html=$(curl -fs -H "$cookie" "$base$group_step" | wc -c)
html_gz=$(curl -fs -H "$cookie" "$base$group_step" | gzip -9 | wc -c)
printf 'The group step page at 30 members x every field: %d B HTML (%d B gzip), %s req/s (%s of /healthz)\n' \
  "$html" "$html_gz" "${one[$group_step]}" "$(awk -v a="${one[$group_step]}" -v b="$health_one" 'BEGIN { printf "%.3f", a / b }')"
[ "$html" -lt 61440 ] || { echo "  ^ above the 60 KB budget"; fail=1; }
printf '  wasm + JS + CSS: %d B gzip (budget 204800 B)\n' "$total"

# Documents out: the compiled report of a large year, made in the server process.
python3 "$root/tests/load/seed.py" "$db" report "$organisation"
report="/organisationer/$organisation/helhet/rapport"
echo
echo "The compiled report of a large year (the huvudman's 5 steps finalised, 9 units x every hand-over up, each answered), median of 3:"
echo "  $(queries "$report/md" "$cookie") queries"
for format in pdf docx md; do
  out=$(mktemp)
  secs=$(for _ in 1 2 3; do curl -fs -o "$out" -w '%{time_total}\n' -H "$cookie" "$base$report/$format"; done | sort -n | sed -n 2p)
  printf '  %-5s %6.2f s %9d B\n' "$format" "$secs" "$(wc -c < "$out")"
  [ "$format" != pdf ] || python3 -c "import pypdf, sys; print('        %d pages' % len(pypdf.PdfReader(sys.argv[1]).pages))" "$out" 2>/dev/null || true
  rm -f "$out"
  awk -v s="$secs" 'BEGIN { exit !(s > 5) }' && { echo "  ^ slower than 5 s"; fail=1; }
done
# Five at once, and /healthz asked meanwhile: its slowest answer while they are made.
pids=()
for _ in 1 2 3 4 5; do curl -fs -o /dev/null -H "$cookie" "$base$report/pdf" & pids+=($!); done
slowest=0; asked=0
while kill -0 "${pids[@]}" 2>/dev/null; do
  t=$(curl -fs -o /dev/null -w '%{time_total}' "$base/healthz") || { echo "  ^ /healthz failed while reports were made"; fail=1; break; }
  slowest=$(awk -v a="$slowest" -v b="$t" 'BEGIN { print (b > a) ? b : a }'); asked=$((asked + 1))
done
for p in "${pids[@]}"; do wait "$p" || { echo "  ^ a report failed"; fail=1; }; done
printf '  five PDFs at once: /healthz answered %d times meanwhile, slowest %.3f s\n' "$asked" "$slowest"
awk -v s="$slowest" 'BEGIN { exit !(s > 0.5) }' && { echo "  ^ /healthz slower than 0.5 s while reports were made"; fail=1; }
exit $fail
