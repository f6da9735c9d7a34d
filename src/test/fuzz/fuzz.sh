#!/usr/bin/env bash
# Runs the fuzz targets in fuzzing mode, one after another, at the lowest priority (docs/fuzzing.md).
#
#   src/test/fuzz/fuzz.sh [--minutes N] [--runs N] [--target csv|decoding|dates|kana|yaml|all]
#
# --minutes  the most each target runs (default 5)
# --runs     the most inputs each target runs (default: no limit, the minutes decide)
# --target   one target, or all of them in turn (default all)
#
# Each run's log is target/fuzz/<target>.log; its last lines say how many inputs ran, the coverage
# reached (cov: edges, ft: features) and whether there was a finding. A finding's input is written into
# the target's inputs directory under src/test/resources, where `mvn test` runs it from then on.
set -euo pipefail
cd "$(dirname "$0")/../../.."

minutes=5
runs=0
target=all
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done

declare -A TESTS=(
  [csv]='CsvIntakeFuzzTests#csv'
  [decoding]='CsvIntakeFuzzTests#decoding'
  [dates]='DateNotationFuzzTests#dates'
  [kana]='SearchKeyFuzzTests#kana'
  [yaml]='SourceDefinitionFuzzTests#yaml'
)
if [ "$target" = all ]; then
  targets=(dates kana yaml decoding csv)
elif [ -n "${TESTS[$target]:-}" ]; then
  targets=("$target")
else
  echo "unknown target: $target (csv, decoding, dates, kana, yaml, all)" >&2
  exit 2
fi

mkdir -p target/fuzz
status=0
for t in "${targets[@]}"; do
  log="target/fuzz/$t.log"
  limit="at most $minutes min"
  if [ "$runs" -gt 0 ]; then
    limit="$limit or $runs inputs"
  fi
  echo "fuzzing $t (${TESTS[$t]}), $limit; log: $log"
  # JUnit's own @Timeout would end the whole fuzzing run: it is switched off, and Jazzer turns the
  # annotation into libFuzzer's per-input -timeout instead
  if JAZZER_FUZZ=1 nice -n 19 ./mvnw -B -ntp test -Dtsunagu.fuzz.tests="${TESTS[$t]}" -Dtsunagu.test.forks=1 -Dtsunagu.fuzz.only=true \
      -Djazzer.max_duration="${minutes}m" -Djazzer.max_executions="$runs" \
      -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1; then
    result=passed
  else
    result=FAILED
    status=1
  fi
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
  grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true
  grep -E 'Test unit written to' "$log" | sed 's/.*Test unit written to /finding: /' || true
  echo "$t: $result"
done
exit $status
