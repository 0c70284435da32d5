#!/usr/bin/env bash
# The scan of a real library by an earlier commit against the working tree, alternating, in Release,
# 2 scan workers, a fresh catalog each run: a change must not make scanning slower.
#   bench/compare-scans.sh COMMIT [library] [rounds]   (library default: /tmp/bookline-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:?usage: compare-scans.sh COMMIT [library] [rounds]}
library=${2:-/tmp/bookline-corpus}
rounds=${3:-3}
[[ -d "$library" ]] || bench/corpus/build-corpus.sh "$library"
before=$(mktemp -d /tmp/bookline-before-XXXX)
trap 'git worktree remove --force "$before" >/dev/null 2>&1 || rm -rf "$before"' EXIT
git worktree add -f --detach "$before" "$commit" -q
dotnet build -c Release "$before/src/Bookline.Cli" -v quiet -nologo >/dev/null
dotnet build -c Release src/Bookline.Cli -v quiet -nologo >/dev/null
value() { grep -o "\"$1\": [0-9.eE+-]*" "$2" | head -1 | sed 's/.*: //'; }
printf '%-7s %5s %8s %6s %10s %9s %7s\n' side round seconds found cataloged "peak MiB" "CPU s"
for round in $(seq "$rounds"); do
  for side in before after; do
    dll=src/Bookline.Cli/bin/Release/net10.0/bookline.dll
    [[ $side == before ]] && dll="$before/$dll"
    catalog=$(mktemp -u /tmp/bookline-compare-XXXX.db)
    out=$(mktemp)
    dotnet "$dll" scan "$library" --catalog "$catalog" --scan-workers 2 --json > "$out" || true
    printf '%-7s %5d %8.1f %6d %10d %9.0f %7.1f\n' "$side" "$round" "$(value elapsedSeconds "$out")" "$(value found "$out")" \
      "$(value cataloged "$out")" "$(value peakWorkingSetMiB "$out")" "$(value cpuSeconds "$out")"
    rm -f "$catalog" "$catalog-wal" "$catalog-shm" "$out"
  done
done
