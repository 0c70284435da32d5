#!/usr/bin/env bash
# The fault-injection suite (tests/Bookline.Faults.Tests) on its own, against throwaway RabbitMQ and
# PostgreSQL servers on loopback that it starts and stops.
#   scripts/faults.sh              the sample every test run does: 20 embedded faults, one distributed
#                                  fault of each of seven main kinds, a full disk
#   scripts/faults.sh --soak [N]   N distributed faults of random kinds and N embedded ones (default
#                                  100 each), from a random seed it prints
#   BOOKLINE_FAULT_SEED=S scripts/faults.sh --soak N    replays a soak's sequence
# Each fault's outcome is one line of the report it prints at the end, with the seed to replay it.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ "${1:-}" == "--soak" ]]; then
  count=${2:-100}
  export BOOKLINE_FAULT_SOAK=1 BOOKLINE_FAULTS=$count BOOKLINE_KILLS=$count
  export BOOKLINE_FAULT_SEED=${BOOKLINE_FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}
  echo "Soak: $count distributed and $count embedded faults, seed $BOOKLINE_FAULT_SEED"
fi

report=$(mktemp /tmp/bookline-faults-XXXXXX.txt)
export BOOKLINE_FAULT_REPORT=$report
servers=$(mktemp -u /tmp/bookline-servers-XXXXXX)
trap 'scripts/servers.sh stop "$servers"' EXIT
scripts/servers.sh start "$servers" || { echo "the servers did not start"; exit 1; }
source "$servers/env"
export BOOKLINE_TEST_REQUIRE_SERVERS=1

dotnet build tests/Bookline.Faults.Tests -c Debug -v quiet -nologo >/dev/null || { echo "build failed"; exit 1; }
started=$(date +%s)
dotnet test tests/Bookline.Faults.Tests -c Debug --no-build --nologo; status=$?

echo
echo "Report ($(( $(date +%s) - started )) s): $report"
grep -E '^(embedded|distributed|disk full)' "$report" | cut -c1-160
echo
grep -E '^(embedded|distributed) #' "$report" \
  | sed -E 's/^(embedded|distributed) #[0-9]+ \(seed [0-9]+\): ([A-Za-z]+) at .*: (ok|FAILED).*/\1 \2 \3/' | sort | uniq -c
ok=$(grep -cE '^(embedded|distributed) #.*: ok$' "$report")
failed=$(grep -cE '^(embedded|distributed) #.*: FAILED' "$report")
echo "$ok faults ended as an uninterrupted scan, $failed did not"
exit $status
