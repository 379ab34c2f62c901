"""Why a bulk run refuses to start: each refusal is an error of its own, so that the CLI can
give it its exit code and a script can tell "try again later" from "look at the journal".

A refusal always comes before anything is sent by the run that raises it.
"""

from __future__ import annotations

from pathlib import Path

from campfire_pay._core.errors import CampfireError


class BulkRefusedError(CampfireError):
    """The bulk run refused to start; nothing was sent by it (CLI exit code 3)."""


class JournalLockedError(BulkRefusedError):
    """Another run holds this journal."""


class JournalExistsError(BulkRefusedError):
    """The journal holds an earlier run over this file, and this run was not asked to resume."""

    #: The parameter of ``run_plan`` that finishes that run.
    parameter = "resume"


class InputChangedError(BulkRefusedError):
    """The CSV is not the file the journal's run was started for."""


class JournalUnavailableError(BulkRefusedError):
    """The journal or its lock cannot be opened, read or created (permissions, a directory)."""


class JournalDamagedError(BulkRefusedError):
    """A journal line cannot be read, and it could record a pay that was sent (CLI exit code
    2: bad input, nothing sent)."""


def damage_advice(journal: Path, line: int) -> str:
    """What to do about a damaged line: the journal is never repaired by guessing, because
    the line could be the only record of a pay that was sent."""
    return (
        f"Do not delete or move {journal.name}: it is what keeps finished documents from being "
        f"paid again. Look at line {line}; if it names a document, check that document on "
        "Campfire. Then restore the journal from a backup, or repair or remove that one line "
        "by hand, and resume the run (resume=True)."
    )
