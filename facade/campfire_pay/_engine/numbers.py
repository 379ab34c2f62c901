"""Finding documents by number: the chunks a search is sent in, and its answers sorted out.

Campfire's bulk search takes up to 10,000 numbers a request and matches them exactly, as
written (case and spaces count). Every number asked gets an answer: the one document it names,
None when it names none (reported, never raised in the middle of a batch), or, when it
matches two or more documents, an ``AmbiguousNumberError`` naming all of them, raised once
every chunk has been read. A document in the answer whose number was not asked is ignored:
the answer is hostile until checked, and only an exact match names a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from campfire_pay._core import exact_json as _json
from campfire_pay._core.errors import AmbiguousNumberError, APIError, Problem
from campfire_pay._engine.document import Document
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind

CHUNK = 10_000
MAX_NUMBER_LENGTH = 1_000

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


def checked_numbers(kind: Kind, numbers: Iterable[str], problems: list[Problem]) -> list[str]:
    """The distinct numbers, in the order first given; every one that is not text is named."""
    field = BY_KIND[kind].number_field
    if isinstance(numbers, str | bytes):
        problems.append(Problem("numbers", "give a list of numbers, not one text"))
        return []
    seen: dict[str, None] = {}
    for index, number in enumerate(numbers):
        if not isinstance(number, str) or not number:
            problems.append(Problem(f"numbers[{index}]", f"a {field} must be non-empty text"))
        elif len(number) > MAX_NUMBER_LENGTH:
            problems.append(Problem(f"numbers[{index}]", f"longer than {MAX_NUMBER_LENGTH}"))
        else:
            seen.setdefault(number, None)
    return list(seen)


def chunks(numbers: list[str], size: int = CHUNK) -> list[list[str]]:
    """The numbers cut into requests of at most ``size``: ⌈N / size⌉ of them."""
    return [numbers[start : start + size] for start in range(0, len(numbers), size)]


def search_body(kind: Kind, chunk: list[str]) -> bytes:
    """The bulk search's body for one chunk, in the schema's names."""
    facts = BY_KIND[kind]
    return _json.dumps({facts.plural: [{facts.number_field: number} for number in chunk]})


def _documents_of(kind: Kind, body: Any) -> list[Any]:
    """The documents of a search answer: a list, or an object holding one (the schema does not
    say which; both are read)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in ("results", BY_KIND[kind].plural, "data"):
            if isinstance(body.get(key), list):
                return list(body[key])
    raise APIError(
        f"Campfire answered the {kind} number search with no list of {kind}s.",
        status_code=200,
    )


def collect(
    kind: Kind, body: Any, asked: set[str], into: dict[str, dict[int, Document[DocumentModel]]]
) -> None:
    """Add the answer's documents to ``into`` by number; only numbers asked, matched exactly."""
    field = BY_KIND[kind].number_field
    for item in _documents_of(kind, body):
        if not isinstance(item, dict) or type(item.get("id")) is not int:
            raise APIError(
                f"Campfire answered the {kind} number search with an entry lacking an integer id.",
                status_code=200,
            )
        number = item.get(field)
        if isinstance(number, str) and number in asked:
            into.setdefault(number, {})[item["id"]] = Document(kind, item["id"], item)


def finish(
    kind: Kind, numbers: list[str], matches: dict[str, dict[int, Document[DocumentModel]]]
) -> dict[str, Document[DocumentModel] | None]:
    """Each number's document (None when none matched); ``AmbiguousNumberError`` when any
    number matched more than one, naming them all."""
    found: dict[str, Document[DocumentModel] | None] = {}
    ambiguous: dict[str, tuple[int, ...]] = {}
    named: dict[int, str] = {}
    for number, documents in matches.items():
        for document_id in documents:
            other = named.setdefault(document_id, number)
            if other != number:  # a document has one number: this answer cannot be trusted
                raise APIError(
                    f"Campfire answered the {kind} number search with {kind} {document_id} "
                    f"under two numbers ({other!r} and {number!r}); no number was matched.",
                    status_code=200,
                )
    for number in numbers:
        documents = matches.get(number, {})
        if len(documents) > 1:
            ambiguous[number] = tuple(sorted(documents))
        else:
            found[number] = next(iter(documents.values()), None)
    if ambiguous:
        raise AmbiguousNumberError(kind, ambiguous, found)
    return found
