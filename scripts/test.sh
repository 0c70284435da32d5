#!/usr/bin/env bash
# Builds and runs every test project, then prints the xunit totals as "N passed, N failed".
#   scripts/test.sh           the normal run (a few minutes on 2 cores)
#   scripts/test.sh --soak    longer stress (60 s per test) and 5000 Coyote schedules per scenario
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 COYOTE_CLI_TELEMETRY_OPTOUT=1
if [[ "${1:-}" == "--soak" ]]; then
  export BOOKLINE_STRESS_SECONDS="${BOOKLINE_STRESS_SECONDS:-60}" COYOTE_ITERATIONS="${COYOTE_ITERATIONS:-5000}"
fi

# OCR tests read real text when Debian's tesseract is there; install it when we can (root, apt).
if ! command -v tesseract >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing tesseract-ocr for the OCR tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng) >/dev/null 2>&1 \
    || echo "tesseract-ocr could not be installed: the OCR tests check the 'not available' path instead."
fi

# DjVu documents are read through djvulibre's tools; the DjVu tests build their files with them.
if ! command -v djvutxt >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing djvulibre-bin for the DjVu tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends djvulibre-bin) >/dev/null 2>&1 \
    || echo "djvulibre-bin could not be installed: the DjVu tests check the 'not available' path instead."
fi

# No free tool writes RAR (the CBR tests write theirs byte by byte); 7z archives are written by Debian's 7zip.
if ! command -v 7zz >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing 7zip for the CB7 test..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends 7zip) >/dev/null 2>&1 \
    || echo "7zip could not be installed: the CB7 test has nothing to write its archive with."
fi

# PDF covers are a PDF's first page drawn by poppler's pdftoppm; the feeds are checked against the OPDS schema by jing.
for tool in pdftoppm:poppler-utils jing:jing; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${tool##*:}..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tool##*:}") >/dev/null 2>&1 \
      || echo "${tool##*:} could not be installed: the tests that need ${tool%%:*} are skipped, saying so."
  fi
done

# The browser tests drive Debian's Chromium headless through Playwright; no browser is downloaded.
if [[ ! -x /usr/bin/chromium ]] && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "chromium could not be installed: the browser tests will fail (this run requires them)."
fi

results=$(mktemp -d)
servers=$(mktemp -u /tmp/bookline-servers-XXXXXX)
trap 'scripts/servers.sh stop "$servers"; rm -rf "$results"' EXIT

# The transport and catalog tests run against real RabbitMQ and PostgreSQL servers: throwaway
# ones on loopback, started once for the whole run and stopped at the end, also on failure.
if scripts/servers.sh start "$servers"; then
  source "$servers/env"
  export BOOKLINE_TEST_REQUIRE_SERVERS=1
else
  echo "the servers did not start"; echo "0 passed, 1 failed"; exit 1
fi

dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1; }
if ! dotnet build Bookline.slnx -c Debug -v quiet -nologo; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Debug --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [[ $passed -eq 0 ]]; then status=1; fi
[[ -d artifacts/screenshots ]] && echo "Screenshots of the web pages from the browser tests: artifacts/screenshots/"
echo "$passed passed, $failed failed"
exit $status
