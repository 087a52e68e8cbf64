#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and prints, per target, the
# executions and the crashes found.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]      (default 30: three minutes in all)
#
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them (install with `cargo install cargo-fuzz`). Seeds
# are in fuzz/seeds/TARGET, except the framework target's, which are the
# repository's own framework files and the broken ones of tests/fixtures
# (read in place, not copied); the growing corpus in fuzz/corpus/TARGET and
# any crash in fuzz/artifacts/TARGET are not committed. A crash becomes a
# unit test in the crate that owns the parser, then is fixed.
set -uo pipefail

SECONDS_PER_TARGET=${1:-30}
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
TARGETS=$(cargo fuzz list)
cargo fuzz build >/dev/null || { echo "the fuzz targets do not build" >&2; exit 2; }

mkdir -p logs
printf '%-14s %12s %8s %s\n' target executions crashes note
total_crashes=0
for t in $TARGETS; do
    mkdir -p "corpus/$t" "artifacts/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    seeds=("seeds/$t")
    [ "$t" = framework ] && seeds=(../frameworks ../tests/fixtures/broken)
    # 2 GB of memory and 1 GB per allocation (libFuzzer's defaults, spelled
    # out): an upload that makes a parser reserve more is a crash.
    cargo fuzz run "$t" "corpus/$t" "${seeds[@]}" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -timeout=10 -print_final_stats=1 >"logs/$t.log" 2>&1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -1)
    after=$(find "artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    total_crashes=$((total_crashes + crashes))
    note=""
    [ "$crashes" -gt 0 ] && note="see fuzz/artifacts/$t and fuzz/logs/$t.log"
    printf '%-14s %12s %8s %s\n' "$t" "${execs:-?}" "$crashes" "$note"
done
[ "$total_crashes" -eq 0 ]
