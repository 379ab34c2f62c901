"""Read a CSV file one record at a time, with its physical line numbers and the digest of its
exact bytes, naming every reading problem by line instead of raising.

UTF-8 with or without a byte order mark is the default. Lines are split on ``\\n`` only, as the
``csv`` module expects (``newline=''``): an unquoted U+2028, ``\\x85`` or ``\\x0b`` inside a cell
stays in the cell, where ``str.splitlines`` would have cut the row in two.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import BinaryIO, cast

BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
Problems = dict[int, list[str]]  # line -> messages; line 0 is the file as a whole


class _HashingReader(io.RawIOBase):
    """Passes a file's bytes through, feeding each to a SHA-256 on the way."""

    def __init__(self, raw: io.FileIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._raw.readinto(buffer) or 0
        if count:
            self.digest.update(memoryview(buffer)[:count])
        return count


def encoding_problem(encoding: str | None) -> str | None:
    """Why ``encoding`` cannot be used to read a file, or ``None``."""
    if encoding is None:
        return None
    try:
        "".encode(encoding)  # also refuses codecs that are not text encodings (rot13)
    except LookupError:
        return f"unknown encoding {encoding!r} (e.g. utf-8, latin-1, cp1252, utf-16)"
    return None


class CsvSource:
    """One pass over a CSV file: ``records()`` yields ``(line, cells)``; afterwards
    ``sha256`` is the digest of every byte and ``problems`` what could not be read."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        self.encoding = encoding
        self.problems: Problems = {}
        self.sha256 = ""
        self.complete = True  # False when some of the file could not be read as rows
        self._line = 0  # physical lines consumed so far

    def add(self, line: int, message: str, *, fatal: bool = False) -> None:
        self.problems.setdefault(line, []).append(message)
        self.complete = self.complete and not fatal

    def _utf8_lines(self, binary: BinaryIO) -> Generator[str, None, None]:
        for line in binary:
            self._line += 1
            raw = line
            if self._line == 1:
                if raw.startswith(_UTF16_BOMS):
                    self.add(
                        1,
                        "the file is UTF-16, not UTF-8: save it as UTF-8, or give its encoding "
                        "(encoding='utf-16')",
                        fatal=True,
                    )
                    return
                raw = raw.removeprefix(BOM)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                byte = raw[error.start : error.start + 1].hex().upper()
                self.add(
                    self._line,
                    f"not UTF-8 text (byte 0x{byte} at column {error.start + 1}): save the file "
                    "as UTF-8, or give the file's encoding (e.g. encoding='latin-1')",
                )
                yield raw.decode("utf-8", "replace")

    def _decoded_lines(self, binary: BinaryIO, encoding: str) -> Generator[str, None, None]:
        text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
        try:
            for line in text:
                self._line += 1
                yield line.removeprefix("\ufeff") if self._line == 1 else line
        except UnicodeError as error:  # also a UTF-16 file without its byte order mark
            reason = error.reason if isinstance(error, UnicodeDecodeError) else error
            self.add(
                self._line + 1,
                f"not {encoding} text ({reason}); the rest of the file was not read",
                fatal=True,
            )
        finally:
            text.detach()  # the caller closes the file; the wrapper must not

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Each record with the line it starts on; blank lines are passed over."""
        self._line = 0
        try:
            raw = io.FileIO(self.path, "r")
        except OSError as error:
            self.add(0, f"cannot read {self.path.name}: {error.strerror}", fatal=True)
            return
        hashing = _HashingReader(raw)
        with raw, io.BufferedReader(hashing, 1 << 16) as buffered:
            binary = cast(BinaryIO, buffered)
            lines = (
                self._utf8_lines(binary)
                if self.encoding is None
                else self._decoded_lines(binary, self.encoding)
            )
            reader = csv.reader(lines, strict=True)
            while True:
                start = self._line + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    why = str(error)
                    if "new-line character" in why:  # csv's hint names a Python setting
                        why = "a bare carriage return ends a line; save the file with \\n or \\r\\n line ends"
                    self.add(
                        start,
                        f"cannot be read as CSV ({why}); the rest of the file was not read",
                        fatal=True,
                    )
                    break
                if cells:
                    yield start, cells
            lines.close()
            while binary.read(1 << 20):  # the digest covers the whole file, read or not
                pass
        self.sha256 = hashing.digest.hexdigest()
