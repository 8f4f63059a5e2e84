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
    """An error with a code from :class:`Errors`."""

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.code = error.name
        self.message = error.format(**kwargs)
        super().__init__(self.message)


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
