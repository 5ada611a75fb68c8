#!/bin/sh
# Coverage-guided fuzzing of the CSV reader and the date and number parsers with libFuzzer
# (swiftc -sanitize=fuzzer). The target is one module: FacetModel's sources, the CSV reader and
# writer, and the properties the tests check (Tests/FacetStoreTests/ParserProperties.swift).
#
#   Benchmarks/Fuzz/run.sh                  # 60 seconds from the committed corpus
#   Benchmarks/Fuzz/run.sh -max_total_time=3600 -jobs=2
#
# New inputs go to .build/fuzz/corpus (not committed); a failing input is written to
# .build/fuzz/crash-* and can be replayed with `.build/fuzz/fuzz-parsers .build/fuzz/crash-…`.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p .build/fuzz/corpus
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name FacetFuzz \
    Sources/FacetModel/*.swift Sources/FacetStore/CSV.swift \
    Tests/FacetStoreTests/ParserProperties.swift Benchmarks/Fuzz/FuzzMain.swift \
    -o .build/fuzz/fuzz-parsers
if [ "$#" -eq 0 ]; then set -- -max_total_time=60; fi
exec .build/fuzz/fuzz-parsers -artifact_prefix=.build/fuzz/ "$@" .build/fuzz/corpus Tests/FacetStoreTests/Corpus
