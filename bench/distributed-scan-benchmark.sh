#!/usr/bin/env bash
# A library scanned through RabbitMQ into PostgreSQL by 1, 2 and 4 worker processes (one scan
# worker each), against throwaway servers on loopback that this script starts and stops.
#   bench/distributed-scan-benchmark.sh [library]   (default: the Debian corpus in /tmp/bookline-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
library=${1:-/tmp/bookline-corpus}
[[ -d "$library" ]] || bench/corpus/build-corpus.sh "$library"
dotnet build -c Release src/Bookline.Cli -v quiet -nologo >/dev/null
bookline="dotnet src/Bookline.Cli/bin/Release/net10.0/bookline.dll"
servers=$(mktemp -u /tmp/bookline-bench-servers-XXXXXX)
RABBITMQ_PORT=5693 POSTGRES_PORT=5453 scripts/servers.sh start "$servers"
workers=()
cleanup() { for pid in "${workers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; scripts/servers.sh stop "$servers"; }
trap cleanup EXIT
source "$servers/env"
value() { grep -o "\"$1\": [0-9.eE+-]*" "$2" | head -1 | sed 's/.*: //'; }

printf '%-20s %7s %9s %9s %7s\n' "worker processes" files seconds files/s MB/s
for n in 1 2 4; do
  database="bench_$n"
  psql "$BOOKLINE_TEST_POSTGRES" -qc "CREATE DATABASE $database" >/dev/null
  catalog="${BOOKLINE_TEST_POSTGRES%/*}/$database"
  prefix="bench$n"
  workers=()
  for ((i = 0; i < n; i++)); do
    $bookline worker --broker "$BOOKLINE_TEST_AMQP" --queue-prefix "$prefix" --catalog "$catalog" --workers 1 --quiet > /dev/null 2>&1 &
    workers+=($!)
  done
  out=$(mktemp)
  $bookline scan "$library" --broker "$BOOKLINE_TEST_AMQP" --queue-prefix "$prefix" --catalog "$catalog" --json > "$out" || true
  files=$(( $(value cataloged "$out") + $(value skipped "$out") + $(value failed "$out") ))
  awk -v n="$n" -v f="$files" -v s="$(value elapsedSeconds "$out")" -v b="$(value bytes "$out")" \
    'BEGIN { printf "%-20s %7d %9.1f %9.1f %7.2f\n", n, f, s, f / s, b / 1048576 / s }'
  for pid in "${workers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${workers[@]}" 2>/dev/null || true
  rm -f "$out"
done
