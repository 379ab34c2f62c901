"""Every Python snippet of README.md and docs/ runs as written, against the demo sandbox.

Each snippet runs in a child process of its own, as a reader would paste it into a file and run
it: against a fresh sandbox seeded with ``seed_demo``, whose URL and key are in
``CAMPFIRE_BASE_URL`` and ``CAMPFIRE_API_KEY`` (what ``campfire-pay sandbox serve --seed demo``
prints), in an empty folder holding only ``payments.csv``, a bulk file that pays the demo's bill
11 with its bank transaction 12. A snippet that cannot run says why in a marker the collector
reads (``tests/_snippets.py``); a snippet that raises, or prints the API key, fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _schema_ops import HAS_EVERY_OPERATION
from _shared import ROOT
from _snippets import Snippet, scan

from campfire_pay.sandbox import Sandbox, seed_demo

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FOUND = [scan(path) for path in DOCUMENTS]
SNIPPETS = [snippet for snippets, _ in FOUND for snippet in snippets]
PROBLEMS = [problem for _, problems in FOUND for problem in problems]
PAYMENTS_CSV = (
    "kind,document_id,source,source_id,amount,date,reference\n"
    "bill,11,transaction,12,1800.00,,statement 2026-11\n"
)
TIMEOUT = 60  # seconds a snippet may take; none of ours takes more than a few


@pytest.fixture
def demo() -> Iterator[Sandbox]:
    """A fresh sandbox with the demo company, as `campfire-pay sandbox serve --seed demo` has."""
    with Sandbox() as sandbox:
        seed_demo(sandbox)
        yield sandbox


def run_snippet(
    snippet: Snippet, sandbox: Sandbox, folder: Path, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run ``snippet`` in ``folder`` against ``sandbox``, as a reader would."""
    (folder / "payments.csv").write_text(PAYMENTS_CSV)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPFIRE_")}
    env.update(CAMPFIRE_API_KEY=sandbox.api_key, CAMPFIRE_BASE_URL=sandbox.base_url)
    if snippet.is_doctest:
        script = folder / "snippet.txt"
        command = [sys.executable, "-m", "doctest", "-o", "ELLIPSIS", str(script)]
    else:
        script = folder / "snippet.py"
        command = [sys.executable, str(script)]
    script.write_text(snippet.code)
    try:
        return subprocess.run(
            command,
            stdin=subprocess.DEVNULL,  # a snippet that reads input gets none, not the test's
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{snippet.name(ROOT)} ran for more than {timeout} s", pytrace=False)


def test_every_marker_is_well_formed_and_before_a_snippet() -> None:
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_the_collector_finds_the_readme_snippets() -> None:
    in_readme = [s for s in SNIPPETS if s.path.name == "README.md"]
    assert len(in_readme) >= 6
    assert all(s.code.strip() for s in SNIPPETS), "an empty snippet"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.name(ROOT) for s in SNIPPETS])
def test_snippet_runs_against_the_demo_sandbox(
    snippet: Snippet, demo: Sandbox, tmp_path: Path
) -> None:
    if snippet.skip_reason is not None:
        pytest.skip(f"not run: {snippet.skip_reason}")
    done = run_snippet(snippet, demo, tmp_path)
    if done.returncode and "OperationUnavailableError" in done.stderr and not HAS_EVERY_OPERATION:
        pytest.skip("this schema lacks an operation the snippet uses (an older snapshot)")
    shown = f"--- {snippet.name(ROOT)}\n{snippet.code}--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    assert done.returncode == 0, shown
    assert demo.api_key not in done.stdout + done.stderr, "the snippet printed the API key"


def test_the_quickstart_comes_first_fits_ten_lines_and_prints_what_it_says(
    demo: Sandbox, tmp_path: Path
) -> None:
    """It starts its own sandbox, answering as the committed schema says: `make test-regen`
    runs it under both answer styles (the 2026-02 and 2026-07 snapshots)."""
    quickstart = next(s for s in SNIPPETS if s.path.name == "README.md")
    lines = quickstart.code.strip().splitlines()
    assert len(lines) <= 10, lines
    assert "from campfire_pay.sandbox import Sandbox, seed_demo" in lines
    done = run_snippet(quickstart, demo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "(15,) 0.00\n"
    assert "# (15,) 0.00" in quickstart.code  # what the snippet says it prints


# The collector itself, on Markdown written to be awkward.
AWKWARD = """\
Text.

```python
print("plain")
```

- a list item with a fence inside:

  ```py
  print("indented")
  ```

````markdown
```python
print("a fence shown inside another; not a snippet")
```
````

<!-- snippet: not run: it needs a real API key -->

```python
raise SystemExit("skipped")
```

~~~ {.python}
print("tildes")
~~~

```sh
echo not python
```

```pycon
>>> 1 + 1
2
```
"""


def test_the_collector_reads_fences_as_markdown_does(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(AWKWARD)
    snippets, problems = scan(page)
    assert problems == []
    assert [s.code for s in snippets] == [
        'print("plain")\n',
        'print("indented")\n',
        'raise SystemExit("skipped")\n',
        'print("tildes")\n',
        ">>> 1 + 1\n2\n",
    ]
    assert [s.skip_reason for s in snippets] == [None, None, "it needs a real API key", None, None]
    assert [s.line for s in snippets] == [3, 9, 21, 25, 33]
    assert snippets[-1].is_doctest


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<!-- snippet: not run: -->\n```python\npass\n```\n", "write the marker as"),
        (
            "<!-- snippet: not run: a real key -->\n\nSome text.\n",
            "a snippet marker with no snippet",
        ),
        ("<!-- snippet: not run: a real key is needed -->\n```sh\nls\n```\n", "non-Python"),
        ("<!-- snippet: skip this -->\n```python\npass\n```\n", "write the marker as"),
        ("<!-- snippet: not run: a real key is needed -->\n", "a snippet marker with no snippet"),
    ],
)
def test_a_bad_or_stray_marker_is_a_problem(tmp_path: Path, text: str, problem: str) -> None:
    page = tmp_path / "page.md"
    page.write_text(text)
    _, problems = scan(page)
    assert len(problems) == 1
    assert problem in problems[0]


def test_a_failing_snippet_fails(demo: Sandbox, tmp_path: Path) -> None:
    broken = Snippet(
        tmp_path / "x.md", 1, "from campfire_pay import Campfire\nCampfire().get_invoice(999)\n"
    )
    done = run_snippet(broken, demo, tmp_path)
    assert done.returncode != 0
    assert "NotFoundError" in done.stderr


def test_a_snippet_that_hangs_or_waits_for_input_fails_in_time(
    demo: Sandbox, tmp_path: Path
) -> None:
    waits = Snippet(tmp_path / "x.md", 1, "input()\n")
    done = run_snippet(waits, demo, tmp_path)
    assert done.returncode != 0
    assert "EOFError" in done.stderr
    hangs = Snippet(tmp_path / "x.md", 1, "import time\ntime.sleep(30)\n")
    with pytest.raises(pytest.fail.Exception, match="ran for more than 1 s"):
        run_snippet(hangs, demo, tmp_path, timeout=1)
