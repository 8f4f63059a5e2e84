"""User actor dictionaries (YAML or CSV) and the importer for PETRARCH/Phoenix actor files.

A user dictionary overrides every built-in entry for the names it lists. A dictionary with an
error is rejected as a whole with ``E021`` naming the file, the line and the reason, so that a
typo never silently changes who is who.
"""

from __future__ import annotations

import csv
import re
from datetime import date as _date
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors, RashomonError
from ..records import ACTOR_TYPES
from .model import KBEntry

FIELDS: tuple[str, ...] = (
    "name",
    "aliases",
    "type",
    "country",
    "sector",
    "role",
    "valid_from",
    "valid_to",
)
_COUNTRY = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^[A-Z]{3,6}$")
_ORG_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM"})


def _fail(path: Path, line: int, detail: str) -> RashomonError:
    return RashomonError(Errors.E021, path=str(path), line=line, detail=detail)


def _iso_date(value: Any, path: Path, line: int, field: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return _date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise _fail(path, line, f"{field} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def _aliases(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        # CSV cells list aliases separated by "|" or ";".
        parts = re.split(r"[|;]", value)
    elif isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        parts = [str(value)]
    return tuple(p.strip() for p in parts if p and p.strip())


def entry_from_row(row: dict[str, Any], path: Path, line: int, source: str) -> KBEntry:
    """Validate one dictionary row and build its entry.

    Raises:
        RashomonError: E021 with the file, line and reason when the row is invalid.
    """
    unknown = set(row) - set(FIELDS) - {"family_first", "code"}
    if unknown:
        raise _fail(path, line, f"unknown field(s) {sorted(unknown)}; known: {list(FIELDS)}")
    name = str(row.get("name") or "").strip()
    if not name:
        raise _fail(path, line, "'name' is missing")
    kind = str(row.get("type") or "person").strip().lower()
    if kind not in ACTOR_TYPES:
        raise _fail(path, line, f"type {kind!r} is not one of {list(ACTOR_TYPES)}")
    country = str(row.get("country") or "").strip().upper() or None
    if country and not _COUNTRY.match(country):
        raise _fail(path, line, f"country {country!r} is not an ISO-3 or organisation code")
    sector = str(row.get("sector") or "").strip() or None
    if sector and not _SECTOR.match(sector):
        raise _fail(path, line, f"sector {sector!r} is not a PLOVER sector code (e.g. GOV)")
    valid_from = _iso_date(row.get("valid_from"), path, line, "valid_from")
    valid_to = _iso_date(row.get("valid_to"), path, line, "valid_to")
    if valid_from and valid_to and valid_from > valid_to:
        raise _fail(path, line, f"valid_from {valid_from} is after valid_to {valid_to}")
    role = str(row.get("role") or "").strip() or None
    code = str(row.get("code") or "").strip() or None
    if code and not _CODE.match(code):
        raise _fail(path, line, f"code {code!r} is not a CAMEO-style code (3-6 capitals)")
    return KBEntry(
        name=name,
        type=kind,
        country=country,
        sector=sector,
        role=role,
        code=code,
        aliases=_aliases(row.get("aliases")),
        valid_from=valid_from,
        valid_to=valid_to,
        family_first=bool(row.get("family_first", False)),
        source=source,
    )


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(key): value for key, value in loader.construct_mapping(node).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text so that an impossible date is reported with its line, not as a crash.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def _load_yaml(path: Path, source: str) -> list[KBEntry]:
    try:
        data = yaml.load(path.read_text("utf8"), Loader=_LineLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _fail(path, mark.line + 1 if mark else 1, f"not valid YAML: {exc}") from None
    if data is None:
        return []
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if not isinstance(data, list):
        raise _fail(path, 1, "expected a list of actors (or a mapping with an 'actors' list)")
    entries = []
    for item in data:
        if not isinstance(item, dict):
            raise _fail(path, 1, f"expected a mapping per actor, got {type(item).__name__}")
        line = int(item.pop("__line__", 1))
        entries.append(entry_from_row(item, path, line, source))
    return entries


def _load_csv(path: Path, source: str) -> list[KBEntry]:
    with path.open(newline="", encoding="utf8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "name" not in reader.fieldnames:
            raise _fail(path, 1, f"the header must name the columns, at least 'name'; {FIELDS}")
        entries = []
        for row in reader:
            if None in row:
                raise _fail(path, reader.line_num, "more cells than header columns")
            clean = {k: v for k, v in row.items() if v not in (None, "")}
            if not clean:
                continue
            entries.append(entry_from_row(clean, path, reader.line_num, source))
        return entries


def load_dictionary(path: str | Path) -> list[KBEntry]:
    """Read a user dictionary: YAML (``.yaml``/``.yml``), CSV, or a PETRARCH ``.txt`` file.

    Args:
        path: the dictionary file.

    Returns:
        Its entries, marked with the file as their source.

    Raises:
        RashomonError: E021 (file, line, reason) for an invalid entry; E001 if it is missing.
    """
    file = Path(path)
    if not file.is_file():
        raise RashomonError(Errors.E001, path=str(file))
    source = f"user:{file.name}"
    suffix = file.suffix.lower()
    try:
        if suffix in {".yaml", ".yml"}:
            return _load_yaml(file, source)
        if suffix in {".csv", ".tsv"}:
            return _load_csv(file, source)
        return load_petrarch(file)
    except UnicodeDecodeError as exc:
        raise _fail(file, 1, f"not UTF-8 text ({exc.reason})") from None


# PETRARCH / TABARI actor dictionaries ---------------------------------------------------------

_PETRARCH_CODE = re.compile(r"\[([^\]]*)\]")
_HTML_COMMENT = re.compile(r"<!--.*?-->")


def _petrarch_date(text: str, path: Path, line: int) -> str:
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise _fail(path, line, f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    if len(digits) == 6:
        # Two-digit years: TABARI dictionaries cover the 20th century onwards.
        century = "19" if int(digits[:2]) > 30 else "20"
        digits = century + digits
    try:
        return _date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        raise _fail(path, line, f"date {text!r} is not a calendar date") from None


def split_code(code: str) -> tuple[str | None, str | None]:
    """Country and sector of a CAMEO code: ``USAGOV`` → (USA, GOV), ``IGOUNO`` → (UNO, None)."""
    code = code.strip().upper()
    if not code:
        return None, None
    if code[:3] in _ORG_PREFIXES:
        return (code[3:6] or code[:3]), (code[6:9] or None)
    return code[:3], (code[3:6] or None)


def _petrarch_restriction(body: str, path: Path, line: int) -> tuple[str, str | None, str | None]:
    parts = body.split()
    if not parts:
        raise _fail(path, line, "empty code [ ]")
    code, rest = parts[0], "".join(parts[1:])
    if not re.fullmatch(r"[A-Za-z0-9~]+", code):
        raise _fail(path, line, f"code {code!r} has characters other than letters and digits")
    if not rest:
        return code.strip("~"), None, None
    if rest.startswith("<"):
        return code, None, _petrarch_date(rest[1:], path, line)
    if rest.startswith(">"):
        return code, _petrarch_date(rest[1:], path, line), None
    if "-" in rest:
        start, _, end = rest.partition("-")
        return (
            code,
            _petrarch_date(start, path, line) if start else None,
            _petrarch_date(end, path, line) if end else None,
        )
    raise _fail(path, line, f"date restriction {rest!r} is not <date, >date or date-date")


def _phrase(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).title()


def load_petrarch(path: str | Path) -> list[KBEntry]:
    """Import a PETRARCH/Phoenix (TABARI-style) ``.actors`` dictionary.

    Each record is a primary phrase (``HAMID_KARZAI_ [AFGGOV]``), optional ``+synonyms`` and
    optional tab-indented date restrictions (``[AFGGOV 011222-140929]``). Each restriction
    becomes one time-bounded entry; the primary code is the default.
    """
    file = Path(path)
    source = f"petrarch:{file.name}"
    text = _HTML_COMMENT.sub("", file.read_text("utf8"))
    entries: list[KBEntry] = []
    names: list[str] = []
    default: str | None = None
    spans: list[tuple[str, str | None, str | None]] = []
    start_line = 0

    def flush() -> None:
        if not names:
            return
        if not spans and default is None:
            raise _fail(file, start_line, f"actor {names[0]!r} has no code")
        for code, valid_from, valid_to in spans or [(default or "", None, None)]:
            country, sector = split_code(code)
            entries.append(
                KBEntry(
                    name=names[0],
                    type="person" if spans else "country" if len(code) == 3 else "organization",
                    country=country,
                    sector=sector,
                    code=code[:6].upper() or None,
                    aliases=tuple(names[1:]),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    source=source,
                )
            )

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1] in (" ", "\t") and line.strip().startswith("["):
            if not names:
                raise _fail(file, number, "date restriction before any actor")
            for body in _PETRARCH_CODE.findall(line):
                spans.append(_petrarch_restriction(body, file, number))
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if not names:
                raise _fail(file, number, "synonym before any actor")
            names.append(_phrase(stripped[1:].split("[")[0]))
            continue
        flush()
        names, spans, default, start_line = [], [], None, number
        phrase, _, rest = stripped.partition("[")
        if not phrase.strip():
            raise _fail(file, number, "a code without an actor phrase")
        names.append(_phrase(phrase))
        if rest:
            if "]" not in rest:
                raise _fail(file, number, "unclosed [")
            default = _petrarch_restriction(rest.split("]")[0], file, number)[0]
    flush()
    return entries
