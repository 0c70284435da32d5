#!/usr/bin/env bash
# The known-item search benchmark: Bookline (SQLite, and PostgreSQL when given) against Recoll on the same corpus and queries.
#   bench/known-item.sh <corpus folder> [postgres://… URL]
# Installs Recoll (recollcmd, python3-recoll) if missing, indexes the corpus with it once (in /tmp/bookline-recoll),
# scans it with Bookline into /tmp/bookline-known-item.db (and the PostgreSQL URL), and prints the table.
set -euo pipefail
corpus=$(realpath "${1:?usage: bench/known-item.sh <corpus folder> [postgres URL]}")
postgres=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v recollindex >/dev/null || ! /usr/bin/python3 -c 'from recoll import recoll' 2>/dev/null; then
    apt-get install -y recollcmd python3-recoll >/dev/null
fi

confdir=/tmp/bookline-recoll
if [ ! -f "$confdir/xapiandb/iamglass" ] || [ "$(cat "$confdir/corpus" 2>/dev/null)" != "$corpus" ]; then
    rm -rf "$confdir" && mkdir -p "$confdir"
    printf 'topdirs = %s\nloglevel = 1\n' "$corpus" > "$confdir/recoll.conf"
    echo "$corpus" > "$confdir/corpus"
    /usr/bin/time -f "Recoll indexed in %e s, %M KB" recollindex -c "$confdir" -z
fi

for project in "$here/src/Bookline.Cli" "$here/bench/Bookline.Benchmarks"; do
    dotnet build -c Release "$project" >/dev/null || { echo "building $project failed" >&2; exit 1; }
done
bookline="dotnet $here/src/Bookline.Cli/bin/Release/net10.0/bookline.dll"
rm -f /tmp/bookline-known-item.db*
$bookline scan "$corpus" --catalog /tmp/bookline-known-item.db | tail -2
args=(known-item /tmp/bookline-known-item.db --recoll "$confdir" "$corpus")
if [ -n "$postgres" ]; then
    $bookline scan "$corpus" --catalog "$postgres" | tail -2
    args+=(--postgres "$postgres")
fi

dotnet "$here/bench/Bookline.Benchmarks/bin/Release/net10.0/Bookline.Benchmarks.dll" "${args[@]}"
