"""The domain modules stay pure: no Flask, no SQLAlchemy, no impure part of the portal."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE_MODULES = (
    "definition", "conditions", "loader", "validation", "canonical", "diff", "carryover",
    "xlsform", "schema",
)
BANNED_ROOTS = frozenset({
    "flask", "werkzeug", "jinja2", "wtforms", "sqlalchemy", "alembic", "psycopg", "click",
})


def _pure_files() -> list[Path]:
    files = sorted((ROOT / "portal" / "scoring").glob("*.py"))
    folder = ROOT / "portal" / "questionnaires"
    files += [folder / f"{name}.py" for name in QUESTIONNAIRE_MODULES]
    files += sorted(folder.glob("xlsform_*.py"))  # the helpers the XLSForm import is split into
    return [f for f in files if f.exists()]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PURE_FILES = _pure_files()
PURE_MODULES = frozenset(_module_name(f) for f in PURE_FILES)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module the source of `module` imports, anywhere in it, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            name = ".".join([*base, node.module] if node.module else base) if node.level else (
                node.module or "")
            found.append((node.lineno, name))
            # `from portal import db` imports a module by a name
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names
                      if name == "portal" or name.startswith("portal.")]
    return found


def problem(name: str) -> str | None:
    """Why importing `name` makes a module impure, if it does."""
    root = name.split(".")[0]
    if root in BANNED_ROOTS or root.startswith("flask_"):
        return f"imports {name}, a web or database library"
    if root == "portal" and not any(
        name == m or name.startswith(f"{m}.") or m.startswith(f"{name}.") for m in PURE_MODULES
    ):
        return f"imports {name}, which is not a pure module"
    return None


def test_the_pure_modules_are_found() -> None:
    assert {"portal.scoring.engine", "portal.scoring.model",
            "portal.questionnaires.definition", "portal.questionnaires.conditions"} <= PURE_MODULES


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_module_imports(path: Path) -> None:
    found = imported_modules(
        path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py"
    )
    problems = [f"{path.relative_to(ROOT)}:{line}: {why}"
                for line, name in found if (why := problem(name)) is not None]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "impure"),
    [
        ("import json\nfrom collections import abc", False),
        ("from portal.questionnaires.definition import Definition", False),
        ("from .model import Assessment", False),
        ("import flask", True),
        ("from flask import current_app", True),
        ("import flask_sqlalchemy", True),
        ("from sqlalchemy.orm import Session", True),
        ("from portal.db import db", True),
        ("from portal import db", True),
        ("from ..db import db", True),
        ("def f():\n    from flask import g\n", True),
    ],
)
def test_the_check_itself(source: str, impure: bool) -> None:
    found = imported_modules(source, "portal.scoring.example")
    assert any(problem(name) for _, name in found) is impure


def test_banned_roots_are_not_standard_library() -> None:
    assert not BANNED_ROOTS & set(sys.stdlib_module_names)
