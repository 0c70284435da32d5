#!/usr/bin/env bash
# End-to-end scan speed on a real library: 1 and 2 scan workers under bookline's own GC settings
# (server GC, no dynamic adaptation) and under the workstation GC, then the machine's ceiling:
# two independent single-worker scans at once, which share nothing but the cores.
#   bench/scan-benchmark.sh [library]      (default: builds the Debian corpus in /tmp/bookline-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
library=${1:-/tmp/bookline-corpus}
[[ -d "$library" ]] || bench/corpus/build-corpus.sh "$library"
dotnet build -c Release src/Bookline.Cli -v quiet -nologo >/dev/null
bookline=src/Bookline.Cli/bin/Release/net10.0/bookline.dll
value() { grep -o "\"$1\": [0-9.eE+-]*" "$2" | head -1 | sed 's/.*: //'; }

scan() { # scan <workers> <json out>; the environment chooses the GC
  local catalog
  catalog=$(mktemp -u /tmp/bookline-bench-XXXX.db)
  dotnet "$bookline" scan "$library" --catalog "$catalog" --scan-workers "$1" --json > "$2" || true
  rm -f "$catalog" "$catalog-wal" "$catalog-shm"
}

row() { # row <name> <json>
  local files=$(( $(value cataloged "$2") + $(value skipped "$2") + $(value failed "$2") ))
  awk -v n="$1" -v f="$files" -v x="$(value failed "$2")" -v s="$(value elapsedSeconds "$2")" -v b="$(value bytes "$2")" \
      -v p="$(value peakWorkingSetMiB "$2")" -v c="$(value cpuSeconds "$2")" -v g="$(value gcPauseSeconds "$2")" \
    'BEGIN { printf "%-34s %6d %6d %8.1f %8.1f %6.2f %8.1f %8.1f %9.1f\n", n, f, x, s, f / s, b / 1048576 / s, c, g, p }'
}

printf '%-34s %6s %6s %8s %8s %6s %8s %8s %9s\n' run files failed seconds files/s MB/s "CPU s" "GC s" "peak MiB"
out=$(mktemp)
for workers in 1 2; do
  scan "$workers" "$out"; row "$workers worker(s), bookline's GC" "$out"
done
for workers in 1 2; do
  DOTNET_gcServer=0 scan "$workers" "$out"; row "$workers worker(s), workstation GC" "$out"
done
out2=$(mktemp)
scan 1 "$out" & scan 1 "$out2" & wait
row "2 independent 1-worker scans: A" "$out"
row "2 independent 1-worker scans: B" "$out2"
rm -f "$out" "$out2"
