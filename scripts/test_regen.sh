#!/usr/bin/env bash
# `make test-regen`: the main loop, `make regen SCHEMA=<snapshot> && make test`, from each live
# schema snapshot, each in a copy of the project so that this checkout is never touched.
#
# For each snapshot: copy the project's files (tracked and untracked, not ignored), link the
# shared data beside the copy as a working tree has it, regenerate there WITHOUT accepting
# anything (a snapshot that needs ACCEPT=1 fails here), check generated/ against it, then run
# the whole suite in the copy with this checkout's .venv (its dependencies), the copy's facade/
# and generated/ first on sys.path. Left out in the copy: test_regen_end_to_end.py, which does
# a smaller version of this loop itself, and test_built_artifacts.py, whose wheel would be this
# checkout's (both run in `make test`).
#
# Where the snapshots are absent (a user's fresh clone), it says so and exits 0.
# TESTS="tests/test_x.py ..." runs only those test files in each copy (for a quick check).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PY="$root/.venv/bin/python"
snapshots=("$root/../shared/live-schema/campfire-2026-02.json" "$root/../shared/live-schema/campfire-2026-07.json")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

status=0
for snapshot in "${snapshots[@]}"; do
    name=$(basename "$snapshot" .json)
    if [ ! -f "$snapshot" ]; then
        echo "test-regen: $name: no snapshot beside the repository (as in a fresh clone); skipped"
        continue
    fi
    copy="$scratch/$name/campfire-pay"
    mkdir -p "$copy"
    git ls-files -z --cached --others --exclude-standard | (cd "$root" && xargs -0 -I{} sh -c \
        '[ -f "$1" ] && mkdir -p "$2/$(dirname "$1")" && cp -p "$1" "$2/$1" || true' _ {} "$copy")
    ln -s "$(cd "$root/.." && pwd)/shared" "$scratch/$name/shared"
    echo "== test-regen: $name: make regen SCHEMA=$name.json, then ${TESTS:-the whole suite}, in a copy"
    (
        cd "$copy"
        export PYTHONPATH="$copy/facade:$copy/generated"
        "$PY" scripts/regen.py --schema "$snapshot"
        "$PY" scripts/regen.py --check
        "$PY" -c 'import sys, campfire_pay, campfire_api
for m in (campfire_pay, campfire_api):
    if not m.__file__.startswith(sys.argv[1]):
        sys.exit(f"test-regen: {m.__name__} is imported from {m.__file__}, not from the copy")' "$copy/"
        # shellcheck disable=SC2086  # TESTS is a list of files
        "$root/.venv/bin/pytest" -q -p no:cacheprovider \
            --ignore=tests/test_regen_end_to_end.py --ignore=tests/test_built_artifacts.py ${TESTS:-}
    ) || { echo "test-regen: $name: FAILED" >&2; status=1; }
done
exit "$status"
