#!/usr/bin/env bash
# End-to-end scan speed on a real library: 1 and 2 scan workers, with the workstation and the
# server garbage collector (bookline itself runs with server GC).
#   bench/scan-benchmark.sh [library]      (default: builds the Debian corpus in /tmp/bookline-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
library=${1:-/tmp/bookline-corpus}
[[ -d "$library" ]] || bench/corpus/build-corpus.sh "$library"
dotnet build -c Release src/Bookline.Cli -v quiet -nologo >/dev/null
bookline=src/Bookline.Cli/bin/Release/net10.0/bookline.dll
value() { grep -o "\"$1\": [0-9.eE+-]*" "$2" | head -1 | sed 's/.*: //'; }

printf '%-28s %7s %7s %9s %9s %9s %11s\n' run files failed seconds files/s MB/s "peak MiB"
for run in "1 worker, workstation GC:1:0" "2 workers, workstation GC:2:0" "1 worker, server GC:1:1" "2 workers, server GC:2:1"; do
  IFS=: read -r name workers server <<<"$run"
  catalog=$(mktemp -u /tmp/bookline-bench-XXXX.db)
  out=$(mktemp)
  DOTNET_gcServer=$server dotnet "$bookline" scan "$library" --catalog "$catalog" --scan-workers "$workers" --json > "$out" || true
  files=$(( $(value cataloged "$out") + $(value skipped "$out") + $(value failed "$out") ))
  seconds=$(value elapsedSeconds "$out")
  bytes=$(value bytes "$out")
  awk -v n="$name" -v f="$files" -v x="$(value failed "$out")" -v s="$seconds" -v b="$bytes" -v p="$(value peakWorkingSetMiB "$out")" \
    'BEGIN { printf "%-28s %7d %7d %9.1f %9.1f %9.2f %11.1f\n", n, f, x, s, f / s, b / 1048576 / s, p }'
  rm -f "$catalog" "$catalog-wal" "$catalog-shm" "$out"
done
