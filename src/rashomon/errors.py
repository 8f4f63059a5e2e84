"""Numbered, searchable error and warning messages.

Every message a user can see about a document, a setting or a request has a code here,
so that it can be looked up in ``docs/errors.md`` and matched in logs. Codes are never
reused: a retired message keeps its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Errors(str, Enum):
    """Error templates; format them with keyword arguments."""

    E001 = "File not found: {path}"
    E002 = "Empty document: no text after reading"
    E003 = "Binary data, not text ({detail})"
    E004 = "Invalid UTF-8 at byte {position}"
    E005 = "Document too large: {size} characters, the limit is {limit} (setting max_chars)"
    E006 = "HTML with no article text could be extracted"
    E007 = "Malformed JSON line: {detail}"
    E008 = "Malformed CSV row: {detail}"
    E009 = "Malformed feed: {detail}"
    E010 = "Malformed WARC file: {detail}"
    E011 = "Record has neither 'text' nor 'html'"
    E012 = "Analysis failed: {detail}"
    E013 = "Unsupported input format: {detail}"
    E014 = "Could not read: {detail}"
    E015 = "Invalid field {field!r}: {detail}"
    E020 = "Invalid settings in {source}: {detail}"
    E021 = "Invalid dictionary {path}, line {line}: {detail}"
    E022 = "spaCy model {model!r} is not installed: {detail}"
    E023 = "Invalid lexicon {path}: {detail}"
    E026 = "Stance model unavailable: {detail}"
    E027 = "Invalid claim {claim!r}: {detail}"
    E030 = "Database {path} has schema version {found}; this Rashomon knows up to {known}"
    E031 = "Not found: {what} {key!r}"
    E032 = "Database error: {detail}"
    E033 = "Database {path} is being written by {holder}; gave up after waiting {wait} s"
    E034 = "Store check: {detail}"
    E040 = "Invalid request: {detail}"
    E041 = "Writing requires a valid token (Authorization: Bearer …)"
    E042 = "Request too large: {size} bytes, the limit is {limit}"
    E043 = "Writing is disabled: start the server with a token to enable it"
    E044 = "Internal error: {detail}"
    E050 = "Fetch failed: HTTP {status} from {url}"
    E051 = "Fetch failed: {detail} ({url})"
    E052 = "Not fetched: robots.txt of {host} disallows {url}"
    E053 = "Not fetched: response larger than {limit} bytes ({url})"
    E054 = "Invalid source in {path}, line {line}: {detail}"

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """The message with its code, e.g. ``E002: Empty document …``."""
        return f"{self.name}: {self.value.format(**kwargs)}"


class Warnings(str, Enum):
    """Warning templates: the document is kept, but something is worth knowing."""

    W001 = "Not analysed: language {language!r} is not supported (stored as is)"
    W002 = "Exact duplicate of {other!r}: skipped"
    W003 = "Odd number of quotation marks; unmatched quote ignored"
    W004 = "Feed entry has no text; used its summary"

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """The message with its code."""
        return f"{self.name}: {self.value.format(**kwargs)}"


class RashomonError(Exception):
    """An error with a code from :class:`Errors`.

    ``RashomonError(Errors.E031, …)`` gives an instance of the subclass that the code's
    family names (here :class:`NotFoundError`), so that a caller may catch a family
    (``except rashomon.DocumentError``) or every error (``except rashomon.RashomonError``)
    wherever the error was raised.
    """

    code: str
    message: str
    document: str | None = None

    def __new__(cls, error: Errors, **kwargs: object) -> RashomonError:
        if cls is RashomonError:
            cls = error_class(error.name)
        return super().__new__(cls)

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.code = error.name
        self.message = error.format(**kwargs)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Worker processes send errors back pickled; the template's values are gone by then.
        return _rebuilt, (type(self), self.code, self.message, self.document)


class DocumentError(RashomonError):
    """A document could not be read or analysed (E001–E019)."""


class FetchError(DocumentError):
    """A feed, sitemap or page could not be fetched, or a sources file is wrong (E050–E059)."""


class SettingsError(RashomonError):
    """A setting, dictionary, lexicon or model is wrong or missing (E020–E029)."""


class ModelUnavailableError(SettingsError):
    """A model the job needs is not installed (E022 spaCy, E026 the stance model)."""


class StoreError(RashomonError):
    """The database cannot be used as asked (E030–E039)."""


class NotFoundError(StoreError, LookupError):
    """No article, story, actor or database with that id or name (E031)."""


class RequestError(RashomonError, ValueError):
    """A request was refused: an HTTP request, or a call with a bad argument (E040–E049)."""


_BY_CODE: dict[str, type[RashomonError]] = {
    "E022": ModelUnavailableError,
    "E026": ModelUnavailableError,
    "E031": NotFoundError,
}
# Families by the tens digit of the code, so that a new code joins its family unasked.
_BY_FAMILY: dict[str, type[RashomonError]] = {
    "E00": DocumentError,
    "E01": DocumentError,
    "E02": SettingsError,
    "E03": StoreError,
    "E04": RequestError,
    "E05": FetchError,
}


def error_class(code: str) -> type[RashomonError]:
    """The :class:`RashomonError` subclass raised for an error code."""
    return _BY_CODE.get(code) or _BY_FAMILY.get(code[:3], RashomonError)


def _rebuilt(
    cls: type[RashomonError], code: str, message: str, document: str | None
) -> RashomonError:
    """An error with its message already written (a failure's, or one crossing processes)."""
    error = cls.__new__(cls, Errors[code])
    error.code, error.message, error.document = code, message, document
    Exception.__init__(error, message)
    return error


def failure_error(failure: DocumentFailure) -> RashomonError:
    """A document's failure as the error of its code, naming the document (``.document``)."""
    return _rebuilt(error_class(failure.code), failure.code,
                    f"{failure.code}: {failure.document}: {failure.reason}", failure.document)


@dataclass(slots=True)
class DocumentFailure:
    """A document that could not be read or analysed; the batch goes on without it."""

    document: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.document}: {self.code}: {self.reason}"

    @classmethod
    def of(cls, document: str, error: Errors, **kwargs: object) -> DocumentFailure:
        """Build a failure from an error template."""
        message = error.value.format(**kwargs)
        return cls(document=document, code=error.name, reason=message)
