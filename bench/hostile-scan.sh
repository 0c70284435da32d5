#!/usr/bin/env bash
# Peak memory and time of a scan of the hostile library (tests/Shared/HostileLibrary.cs at full
# size: 1 GiB sparse files, a 256 MiB zip bomb, a 50 MB one-line page, pipes, devices, link loops),
# with bookline's defaults (two scan workers on this machine). Target: peak under 2 GiB, every
# entry explained.
#   bench/hostile-scan.sh [folder]      (default: /tmp/bookline-hostile)
set -euo pipefail
cd "$(dirname "$0")/.."
library=${1:-/tmp/bookline-hostile}
rm -rf "$library"
dotnet build -c Release src/Bookline.Cli -v quiet -nologo >/dev/null
dotnet run -c Release --project bench/Bookline.Benchmarks -- hostile-library "$library"
catalog=$(mktemp -u /tmp/bookline-hostile-XXXX.db)
out=$(mktemp)
dotnet src/Bookline.Cli/bin/Release/net10.0/bookline.dll scan "$library" --catalog "$catalog" --json > "$out" || true
value() { grep -o "\"$1\": [0-9.eE+-]*" "$out" | head -1 | sed 's/.*: //'; }
echo "found $(value found), cataloged $(value cataloged), skipped $(value skipped), failed $(value failed)"
echo "elapsed $(value elapsedSeconds) s, peak working set $(value peakWorkingSetMiB) MiB, allocated $(value allocatedMiB) MiB"
dotnet src/Bookline.Cli/bin/Release/net10.0/bookline.dll failures --catalog "$catalog" || true
rm -f "$catalog" "$catalog-wal" "$catalog-shm" "$out"
