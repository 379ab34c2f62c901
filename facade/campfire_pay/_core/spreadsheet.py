"""Cells of the CSV files campfire-pay writes, made safe to open in a spreadsheet.

Accountants open results in Excel or LibreOffice, which run a cell starting with ``=``,
``+``, ``-`` or ``@`` as a formula (and a leading TAB or CR hides such a start from the eye):
a memo ``=HYPERLINK(...)`` written back as it is would run on their machine. Every cell we
write goes through ``spreadsheet_safe()``, the OWASP rule: a cell starting with one of those
characters gets a ``'`` in front, which spreadsheets show as text and do not evaluate. What
is sent to Campfire is never changed; only the file written for people is.

``one_line()`` keeps a message (an error with its list of problems) whole on one line, so
that each row of a results file is one line and no reason is cut at its first line break.
"""

from __future__ import annotations

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> str:
    """``cell`` as text, with ``'`` in front when a spreadsheet would read it as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def one_line(text: str) -> str:
    """``text`` with its lines joined by single spaces (blank lines and indents dropped)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
