"""The interface is complete in Spanish and French: every message extracted has a translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "portal" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", ["es", "fr"])
def test_catalogue_is_complete_and_current(language: str, source_messages: set[str]) -> None:
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalogue = read_po(fh)
    translated: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: no translation for {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy translation for {message.id!r}"
        translated.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    missing = sorted(source_messages - translated)
    assert not missing, f"{language}: not in the catalogue (run `make messages`): {missing[:10]}"
