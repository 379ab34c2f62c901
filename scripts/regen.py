"""Pull Campfire's schema, normalize it, regenerate ``generated/campfire_api`` and report drift.

    python scripts/regen.py                      # pull the live schema, regenerate, report
    python scripts/regen.py --schema FILE|URL    # pull from elsewhere (make regen SCHEMA=...)
    python scripts/regen.py --check              # fail if generated/ is not what the schema gives
    python scripts/regen.py --drift OLD NEW      # only report what changed between two schemas
    python scripts/regen.py --accept-breaking    # regenerate even when the facade needs a change

A failure at any step leaves ``openapi/`` and ``generated/`` exactly as they were. So does a new
schema with a change the facade cannot follow by itself ("needs a code change" in the drift
report's facade impact section) or one that breaks its callers ("breaks callers": a newly
required field every caller must now pass): regen then exits 3 unless ``--accept-breaking``
(``make regen ACCEPT=1``) says to go ahead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from schema_tools.drift import drift
from schema_tools.generate import (
    ROOT,
    GenerationError,
    fingerprint,
    generate_package,
    read_fingerprint,
    scratch_dir,
    swap_in,
)
from schema_tools.pull import LIVE_SCHEMA_URL, PullError, fetch, load, pull

DEFAULT_SCHEMA_FILE = ROOT / "openapi" / "campfire.json"
DEFAULT_OUTPUT = ROOT / "generated" / "campfire_api"
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two trees: missing, unexpected, or other bytes."""
    if not actual.is_dir():
        return [f"missing: {actual}"]
    left, right = _files(expected), _files(actual)
    return [
        *(f"missing: {name}" for name in sorted(left.keys() - right.keys())),
        *(f"unexpected: {name}" for name in sorted(right.keys() - left.keys())),
        *(
            f"changed: {name}"
            for name in sorted(left.keys() & right.keys())
            if left[name].read_bytes() != right[name].read_bytes()
        ),
    ]


def _files(root: Path) -> dict[str, Path]:
    """Every file below ``root`` by relative path, caches left out."""
    return {
        path.relative_to(root).as_posix(): path
        for path in root.rglob("*")
        if path.is_file() and not IGNORED & set(path.relative_to(root).parts)
    }


def check(schema_file: Path, output: Path) -> int:
    """Exit status 1 and a list of files when ``output`` differs from a fresh generation."""
    try:
        schema, raw = pull(str(schema_file))
    except PullError as exc:
        print(f"regen: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="campfire-regen-check-") as work:
        fresh = generate_package(schema, Path(work), raw=raw)
        differences = tree_differences(fresh, output)
    if differences:
        print(
            f"regen --check: {output} differs from what {schema_file} generates:", file=sys.stderr
        )
        for line in differences:
            print(f"  {line}", file=sys.stderr)
        print(
            "run `make regen SCHEMA=openapi/campfire.json` and commit the result", file=sys.stderr
        )
        return 1
    print(f"regen --check: {output} matches {schema_file}")
    return 0


BREAKING_EXIT = 3


def regenerate(
    source: str,
    schema_file: Path,
    output: Path,
    force: bool = False,
    accept_breaking: bool = False,
) -> int:
    """Pull ``source``, regenerate ``output``, replace ``schema_file``, report drift.

    Exit status 3, with nothing changed, when the drift needs a code change in the facade or
    breaks its callers, and ``accept_breaking`` is not set.
    """
    try:
        raw = fetch(source)
    except PullError as exc:
        print(f"regen: {exc}", file=sys.stderr)
        return 1
    stamp = fingerprint(raw)
    same_schema = schema_file.is_file() and schema_file.read_bytes() == raw
    if not force and same_schema and read_fingerprint(output) == stamp:
        # Nothing that decides the output changed: skip parsing, validation and generation.
        print(f"regen: {schema_file.name} unchanged (fingerprint {stamp[:12]}); nothing to do")
        return 0
    try:
        schema = load(raw, source)
    except PullError as exc:
        print(f"regen: {exc}", file=sys.stderr)
        return 1
    old_schema = json.loads(schema_file.read_bytes()) if schema_file.is_file() else {}
    report = drift(old_schema, schema)
    if report.blocks_regen and not accept_breaking:
        print(report.render())
        print(
            "regen: the new schema changes what the facade sends or reads in a way that needs "
            "a code change, or that every caller must follow (see 'needs a code change' and "
            "'breaks callers' above); nothing changed. Rerun with --accept-breaking "
            "(make regen ACCEPT=1) to regenerate anyway.",
            file=sys.stderr,
        )
        return BREAKING_EXIT
    try:
        with scratch_dir(output) as work:
            package = generate_package(schema, Path(work), raw=raw)
            swap_in(package, output)
    except GenerationError as exc:
        print(f"regen: generation failed; nothing changed\n{exc}", file=sys.stderr)
        return 1
    if not same_schema:
        tmp = schema_file.with_name(f".{schema_file.name}.new-{os.getpid()}")
        tmp.write_bytes(raw)
        tmp.replace(schema_file)
    print(f"regen: generated {output} from {source}")
    print(report.render())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--schema",
        default=os.environ.get("SCHEMA") or LIVE_SCHEMA_URL,
        help="URL or file to pull the schema from (default: $SCHEMA, else the live schema)",
    )
    parser.add_argument("--schema-file", type=Path, default=DEFAULT_SCHEMA_FILE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare generated/ with the schema")
    parser.add_argument("--force", action="store_true", help="regenerate even when unchanged")
    parser.add_argument("--drift", nargs=2, metavar=("OLD", "NEW"), help="report drift only")
    parser.add_argument(
        "--accept-breaking",
        action="store_true",
        help="regenerate even when the facade needs a code change (make regen ACCEPT=1)",
    )
    args = parser.parse_args(argv)
    if args.drift:
        try:
            old, new = (pull(path)[0] for path in args.drift)
        except PullError as exc:
            print(f"regen: {exc}", file=sys.stderr)
            return 1
        print(drift(old, new).render())
        return 0
    if args.check:
        return check(args.schema_file, args.output)
    return regenerate(
        args.schema,
        args.schema_file,
        args.output,
        force=args.force,
        accept_breaking=args.accept_breaking,
    )


if __name__ == "__main__":
    sys.exit(main())
