#!/usr/bin/env bash
# The README's second command: runs the whole CityOps test suite on this machine.
#
# The tests start their own servers (HiveMQ CE, Kafka, QuestDB, Flink) inside the JVM; what cannot
# be embedded comes from Debian: InfluxDB 1.x ('influxdb'), Mosquitto ('mosquitto', the broker the
# deployments run, for their access rules) and, for the console's browser test, Chromium and its
# driver ('chromium', 'chromium-driver'). If one is missing this script installs it, which needs
# root (or run: sudo apt-get install influxdb mosquitto chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v influxd >/dev/null 2>&1 || [ -x /usr/bin/influxd ] || missing+=(influxdb)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "The tests need these Debian packages: ${missing[*]}." >&2
    echo "Run this script as root to install them, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages the tests need: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

start=$(date +%s)
status=0
./mvnw -B verify "$@" || status=$?

echo
echo "Slowest test classes (seconds):"
# awk, not head: it reads to the end, so no writer in the pipe dies of SIGPIPE (with pipefail, a
# pipe closed early by head made the whole script fail, exit 141, after a green build)
for report in */target/surefire-reports/TEST-*.xml */*/target/surefire-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  sed -n 's/.*<testsuite [^>]*name="\([^"]*\)"[^>]*time="\([^"]*\)".*/\2 \1/p; s/.*<testsuite [^>]*time="\([^"]*\)"[^>]*name="\([^"]*\)".*/\1 \2/p' "$report" | awk 'NR == 1'
done | sort -rn | awk 'NR <= 10'
# Then each fuzz target in fuzzing mode for its bounded time (the suite replayed only saved inputs)
if [ "$status" -eq 0 ] && [ "${CITYOPS_SKIP_FUZZ:-}" != "1" ]; then
  echo
  echo "Fuzzing:"
  ./fuzz.sh || status=$?
fi
echo "Whole build: $(( $(date +%s) - start )) s"
exit $status
