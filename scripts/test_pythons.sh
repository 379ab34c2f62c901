#!/usr/bin/env bash
# Run the SDK's tests on each Python that requires-python claims besides the development one
# (`make test` covers that), with the package and its dependencies installed from the package
# registry as a user gets them: a built wheel, not an editable install, no dev tools, and the
# newest versions that the package's ranges allow on that Python (constraints.txt pins versions
# for the development interpreter; some of them, hypothesis's for one, need a newer Python).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=${PYTHONS:-3.12 3.13}
UV=${UV:-.venv/bin/uv}
TESTS=(tests/test_facade_clients.py tests/test_facade_errors.py tests/test_facade_validation.py
       tests/test_examples.py tests/test_logs.py tests/test_attempts.py)

find_python() {  # an interpreter for version $1: on PATH, else one pyenv installed
    local candidate
    if candidate=$(command -v "python$1") && "$candidate" -V >/dev/null 2>&1; then
        echo "$candidate"
        return 0
    fi
    for candidate in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/"$1".*/bin/python"$1"; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

for version in $VERSIONS; do
    python=$(find_python "$version") || {
        echo "test-pythons: no Python $version here; requires-python claims it, so this fails" >&2
        exit 1
    }
    venv="$PWD/.venv-$version"
    [ -x "$venv/bin/python" ] || "$UV" venv --quiet --python "$python" "$venv"
    echo "== Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())')"
    # uv, not pip: the same resolution from the same registry in seconds rather than minutes.
    VIRTUAL_ENV="$venv" "$UV" pip install --quiet --reinstall-package campfire-pay \
        '.[sandbox,cli]' pytest hypothesis
    "$venv/bin/python" -m pytest -q -p no:cacheprovider "${TESTS[@]}"
done
