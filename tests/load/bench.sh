#!/usr/bin/env bash
# Benchmark: requests/s and p99 latency of a step page against a static file of the same size,
# served by the same release binary in the same run, plus the gzip size of what a first visit
# downloads. Loopback only; every load run is bounded in time. Usage: bench.sh <verkstad binary>
set -euo pipefail
bin=${1:?usage: bench.sh path/to/release/verkstad}
root=$(cd "$(dirname "$0")/../.." && pwd)
port=${BENCH_PORT:-3950}
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-50}
db=$(mktemp -u /tmp/verkstad-bench-XXXXXX).db
step_path=/huvudman/steg/1
static_name=bench-static.html

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -f "$db" "$db-wal" "$db-shm" "$root/target/site/$static_name"
}
trap cleanup EXIT

VERKSTAD_ADDRESS=127.0.0.1:$port VERKSTAD_DATABASE_URL="sqlite://$db?mode=rwc" \
VERKSTAD_SITE_ROOT="$root/target/site" VERKSTAD_CONTENT_DIR="$root/content" RUST_LOG=warn \
  "$bin" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# A static file exactly as large as the rendered step page, served through the same stack.
curl -fs "http://127.0.0.1:$port$step_path" -o "$root/target/site/$static_name"
page_bytes=$(wc -c < "$root/target/site/$static_name")

measure() { # url -> "requests_per_second p99_ms"
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 } p99 = v }
    / Non-2xx/ { bad = 1 }
    END { if (bad) { print "ERROR non-2xx responses" } else { printf "%.0f %.2f\n", rps, p99 } }'
}

echo "Verkstad benchmark: wrk -t2 -c$connections -d${duration}s on loopback, release build, SQLite"
echo "(server and load generator share this machine's $(nproc) cores)"
read -r step_rps step_p99 < <(measure "http://127.0.0.1:$port$step_path")
read -r static_rps static_p99 < <(measure "http://127.0.0.1:$port/$static_name")
printf '%-34s %10s %10s\n' "" "req/s" "p99 ms"
printf '%-34s %10s %10s\n' "step page $step_path ($page_bytes B)" "$step_rps" "$step_p99"
printf '%-34s %10s %10s\n' "static file, same size" "$static_rps" "$static_p99"
awk -v a="$step_rps" -v b="$static_rps" -v c="$step_p99" -v d="$static_p99" \
  'BEGIN { printf "ratio step/static: throughput %.2f, p99 %.2f\n", a / b, c / d }'

echo
echo "First visit downloads (gzip -9):"
total=0
for f in "$root"/target/site/pkg/verkstad.wasm "$root"/target/site/pkg/verkstad.js "$root"/target/site/pkg/verkstad.css; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c); total=$((total + gz))
  printf '  %-16s %8d B raw %8d B gzip\n' "$(basename "$f")" "$raw" "$gz"
done
html_gz=$(gzip -9 -c "$root/target/site/$static_name" | wc -c)
printf '  %-16s %8d B raw %8d B gzip\n' "step page HTML" "$page_bytes" "$html_gz"
printf '  wasm + JS + CSS: %d B gzip (budget 204800 B)\n' "$total"
