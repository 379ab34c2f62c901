"""Every Python snippet of the README's "Around the pay" section runs as written (sandbox)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from _schema_ops import HAS_EVERY_OPERATION
from _shared import ROOT

from campfire_pay import OperationUnavailableError

SECTION = "## Around the pay: find, list, sync"


def _snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.index("\n## ", start + len(SECTION))
    return re.findall(r"```python\n(.*?)```", readme[start:end], flags=re.DOTALL)


def test_the_section_has_snippets() -> None:
    assert len(_snippets()) >= 4


@pytest.mark.parametrize("index", range(len(_snippets())))
def test_each_snippet_runs(index: int) -> None:
    code = _snippets()[index]
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        try:
            exec(compile(code, f"README snippet {index}", "exec"), {"__name__": "__readme__"})
        except OperationUnavailableError:
            if HAS_EVERY_OPERATION:
                raise
            pytest.skip("this schema lacks an operation the snippet uses (an older snapshot)")
    assert printed.getvalue()
