"""The bulk journal: one writer, torn tails fenced off, damage refused with what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from campfire_pay.bulk import (
    InputChangedError,
    Journal,
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
)
from campfire_pay.bulk._journal_codec import decode, encode

DIGEST = "ab" * 32


def _intent(document: str, key: str = "k-1") -> dict[str, object]:
    return {
        "event": "intent",
        "document": document,
        "key": key,
        "at": "2026-11-23T20:00:00+00:00",
        "lines": [2],
        "body": "{}",
    }


def _started(path: Path, *documents: str) -> str:
    with Journal(path) as journal:
        journal.begin(DIGEST, resume=False)
        for document in documents:
            journal.write(_intent(document, journal.key_for(document)))
        return journal.run_id


def _lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    return data.split(b"\n")[:-1]


def test_a_torn_tail_is_fenced_off_never_merged_with_the_next_record(tmp_path: Path) -> None:
    path = tmp_path / "j"
    _started(path, "invoice:1")
    torn = encode(_intent("invoice:2"))[:30]
    with path.open("ab") as handle:
        handle.write(torn)
    with Journal(path) as journal:
        states = journal.begin(DIGEST, resume=True)
        assert set(states) == {"invoice:1"}
        journal.write(_intent("invoice:3", journal.key_for("invoice:3")))
    records = [decode(line) for line in _lines(path)]
    assert all(record is not None for record in records), "every line reads back whole"
    events = [r["event"] for r in records if r]
    assert events == ["start", "intent", "torn-tail", "intent"]
    fence = records[2]
    assert fence is not None
    assert bytes.fromhex(fence["bytes_hex"]) == torn
    with Journal(path) as journal:
        assert set(journal.begin(DIGEST, resume=True)) == {"invoice:1", "invoice:3"}


def test_a_whole_record_missing_only_its_line_break_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "j"
    _started(path, "invoice:1", "invoice:2")
    path.write_bytes(path.read_bytes()[:-1])
    with Journal(path) as journal:
        states = journal.begin(DIGEST, resume=True)
    assert states["invoice:2"].maybe_sent, "an intent that may have been sent is never dropped"
    assert len(_lines(path)) == 3


def test_the_key_of_a_document_is_the_same_on_every_attempt(tmp_path: Path) -> None:
    path = tmp_path / "j"
    run = _started(path)
    with Journal(path) as journal:
        journal.begin(DIGEST, resume=True)
        assert journal.run_id == run
        assert journal.key_for("bill:7") == f"cfp-{run}-bill:7"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda line: line[:-3] + b"XYZ", "its checksum does not match"),
        (lambda _: b"\x00\xff\xfe garbage \x80" * 3, "its checksum does not match"),
        (
            lambda _: encode({**_intent("invoice:1"), "at": "yesterday"})[:-1],
            "unparseable time 'yesterday'",
        ),
        (
            lambda _: encode({**_intent("invoice:1"), "key": "two words"})[:-1],
            "bad idempotency key 'two words'",
        ),
    ],
)
def test_a_damaged_line_is_refused_with_what_to_do(
    tmp_path: Path, damage: object, reason: str
) -> None:
    path = tmp_path / "j"
    _started(path, "invoice:1", "invoice:2")
    lines = _lines(path)
    lines[1] = damage(lines[1])  # type: ignore[operator]
    path.write_bytes(b"\n".join(lines) + b"\n")
    before = path.read_bytes()
    with Journal(path) as journal, pytest.raises(JournalDamagedError) as caught:
        journal.begin(DIGEST, resume=True)
    message = str(caught.value)
    assert f"line 2 cannot be read ({reason})" in message
    assert "Do not delete or move" in message
    assert "afresh" not in message
    assert path.read_bytes() == before, "a refused journal is left as it was"


def test_a_second_writer_is_refused_at_once_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path):
        with pytest.raises(JournalLockedError) as caught:
            Journal(path).lock()
        assert f"pid {os.getpid()}, started 20" in str(caught.value)
    with Journal(path) as journal:  # released with the first
        journal.begin(DIGEST, resume=False)


def test_an_earlier_run_needs_resume_and_the_same_input(tmp_path: Path) -> None:
    path = tmp_path / "j"
    _started(path, "invoice:1")
    with Journal(path) as journal, pytest.raises(JournalExistsError) as exists:
        journal.begin(DIGEST, resume=False)
    assert "resume=True" in str(exists.value)  # the library speaks Python
    assert "afresh" not in str(exists.value)
    with Journal(path) as journal, pytest.raises(InputChangedError):
        journal.begin("cd" * 32, resume=True)


def test_a_run_through_a_hard_link_is_refused(tmp_path: Path) -> None:
    csv_file = tmp_path / "payments.csv"
    csv_file.write_text("kind\n")
    linked = tmp_path / "again.csv"
    os.link(csv_file, linked)
    with Journal(tmp_path / "payments.csv.journal", csv_file):
        with pytest.raises(JournalLockedError) as caught:
            Journal(tmp_path / "again.csv.journal", linked).lock()
        assert "under another name (a hard link" in str(caught.value)
        again = Journal(tmp_path / "again.csv.journal")  # its own journal was let go
        again.lock()
        again.close()
    with Journal(tmp_path / "again.csv.journal", linked):  # the file too, with the first run
        pass
