#!/usr/bin/env bash
# Runs each fuzz target in fuzzing mode (Jazzer) for a bounded time, one target per run, and prints
# the executions it did. Plain test runs only replay the saved inputs; this is the search for new
# ones. A crash fails the run and Jazzer saves its input under the target's
# src/test/resources/.../<Class>Inputs/<method>/ folder: commit it, it becomes a regression test.
#   ./fuzz.sh              every target, the time each declares (@FuzzTest maxDuration)
set -euo pipefail
cd "$(dirname "$0")"
# module:test class, one per fuzz target
TARGETS=(
  "events:org.cityops.events.fuzz.ContractReadersFuzzTest"
  "ingestion:org.cityops.ingestion.fuzz.MessageRouterFuzzTest"
  "ingestion:org.cityops.ingestion.fuzz.AlertaRioLiveFeedFuzzTest"
  "ingestion:org.cityops.ingestion.fuzz.AlertaRioArchiveFuzzTest"
  "console:org.cityops.console.fuzz.ConsoleHttpFuzzTest"
)
status=0
for target in "${TARGETS[@]}"; do
  module="${target%%:*}"
  class="${target#*:}"
  log="$(mktemp)"
  echo "fuzzing ${class} ..."
  failed=0
  if JAZZER_FUZZ=1 ./mvnw -B -q test -pl "$module" -am -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true >"$log" 2>&1; then
    result="no crash"
  else
    result="FAILED (see below)"
    failed=1
    status=1
  fi
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  executions="$(echo "$done_line" | sed -E 's/^#([0-9]+).*/\1/')"
  echo "  ${class}: ${executions:-?} executions, ${result}; ${done_line#*DONE}"
  if [ "$failed" -ne 0 ]; then  # this target's log only, not every one after a failure
    grep -E "ERROR|==[0-9]+==|Exception|crash" "$log" | head -40
  fi
  rm -f "$log"
done
exit $status
