"""Languages and localised texts of an XLSForm: `label::Español (es)` columns to {code: text}.

Every language found in the form is declared; a text missing one of them gets the default
language's text and a warning naming the row, so the converted definition still validates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from babel import Locale
from babel.localedata import locale_identifiers

from portal.questionnaires.definition import DEFAULT_LANGUAGE, LANGUAGE_PATTERN
from portal.questionnaires.xlsform_reader import ImportWarning, Row, Sheet, Workbook

# Columns whose cells are texts, by sheet; `label::English (en)` and plain `label` both count.
TEXT_COLUMNS = {"survey": ("label", "hint", "recommendation"), "choices": ("label",)}

_CODE_IN_PARENS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*\)\s*$")
_LANGUAGE_RE = re.compile(LANGUAGE_PATTERN)


def _normal_code(code: str) -> str | None:
    primary, *rest = code.replace("_", "-").split("-")
    candidate = "-".join([primary.lower(), *rest])
    return candidate if _LANGUAGE_RE.match(candidate) else None


@functools.cache
def _english_names() -> dict[str, str]:
    return {name.casefold(): code for code, name in Locale("en").languages.items()}


@functools.cache
def _native_names() -> dict[str, str]:
    # Loading every locale takes a moment, so this runs only for a name that is not English.
    names: dict[str, str] = {}
    for code in locale_identifiers():
        if "_" not in code:
            native = Locale.parse(code).language_name
            if native:
                names.setdefault(native.casefold(), code)
    return names


def language_code(label: str) -> str | None:
    """`English (en)` -> en, `pt-BR` -> pt-BR, `Français` -> fr; None when unrecognisable."""
    match = _CODE_IN_PARENS.search(label)
    if match:
        return _normal_code(match.group(1))
    text = label.strip()
    code = _english_names().get(text.casefold())
    if code is None and not _normal_code(text):
        code = _native_names().get(text.casefold())
    return _normal_code(code or text)


class Texts:
    """The form's languages and a builder of complete localised texts."""

    def __init__(self, book: Workbook, warnings: list[ImportWarning]) -> None:
        self.warnings = warnings
        settings = book.settings.rows[0] if book.settings.rows else None
        declared = settings.get("default_language") if settings else ""
        wanted = language_code(declared) if declared else None
        if declared and wanted is None:
            warnings.append(ImportWarning("settings", 2, f"default_language {declared!r} is not "
                                          "a recognisable language; it was ignored"))
        self._codes: dict[str, str | None] = {}
        found: list[str] = []
        plain = False
        for sheet in (book.survey, book.choices):
            for name, label in _text_columns(sheet):
                if label is None:
                    plain = True
                    continue
                code = self._codes.setdefault(label, language_code(label))
                if code is None:
                    warnings.append(ImportWarning(
                        sheet.name, 1, f"column '{name}::{label}' names no recognisable "
                        "language; write it as 'Language (code)', e.g. 'English (en)'; "
                        "the column was ignored"))
                elif code not in found:
                    found.append(code)
        # a plain `label` is in the declared default language, as in pyxform
        self.plain = wanted or DEFAULT_LANGUAGE
        if plain and self.plain not in found:
            found.insert(0, self.plain)
        if wanted and wanted not in found:
            warnings.append(ImportWarning("settings", 2, f"default_language {declared!r} has no "
                                          "label column; it was ignored"))
            wanted = None
        self.languages = found or [self.plain]
        self.default = wanted or (DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in self.languages
                                  else self.languages[0])

    def get(self, row: Row, sheet: str, column: str, what: str = "") -> dict[str, str] | None:
        """The cell texts of `column` for every language, missing ones copied with a warning."""
        text: dict[str, str] = {}
        for label, value in row.by_language(column).items():
            code = self.plain if label is None else self._codes.get(label)
            if code is not None and (label is not None or code not in text):
                text[code] = value
        if not text:
            return None
        return self.complete(text, sheet, row.number, what or column)

    def complete(self, text: dict[str, str], sheet: str, row: int | None,
                 what: str) -> dict[str, str]:
        """The text in every declared language, in order; copies are warned about."""
        source = text.get(self.default) or next(iter(text.values()))
        missing = [lang for lang in self.languages if lang not in text]
        if missing:
            self.warnings.append(ImportWarning(
                sheet, row, f"{what} has no {', '.join(missing)} translation; the "
                f"{self.default if self.default in text else next(iter(text))} text was copied"))
        return {lang: text.get(lang, source) for lang in self.languages}

    def same(self, value: str) -> dict[str, str]:
        """One untranslatable text (a name, a title) used for every language."""
        return dict.fromkeys(self.languages, value)


def _text_columns(sheet: Sheet) -> Iterable[tuple[str, str | None]]:
    wanted = TEXT_COLUMNS.get(sheet.name, ())
    return [(name, label) for name, label in sheet.columns if name in wanted]
