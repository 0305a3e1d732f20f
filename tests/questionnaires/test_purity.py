"""The definition modules stay pure: no web or database imports, no eval, no hidden I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import portal.questionnaires

PACKAGE = Path(portal.questionnaires.__file__).parent
MODULES = ["definition", "conditions", "loader", "validation", "canonical", "schema", "diff",
           "carryover"]
BANNED_IMPORTS = ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug")
FILE_ACCESS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "rglob", "glob"}
# the dedicated places that touch files: the loader's readers and the schema writer
MAY_ACCESS_FILES = {"loader", "schema"}


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", MODULES)
def test_no_web_or_database_imports(module: str) -> None:
    for node in ast.walk(_tree(module)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for name in names:
            assert name.split(".")[0] not in BANNED_IMPORTS, f"{module} imports {name}"


@pytest.mark.parametrize("module", MODULES)
def test_no_eval_or_exec(module: str) -> None:
    calls = {n.func.id for n in ast.walk(_tree(module))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not calls & {"eval", "exec", "compile", "__import__"}


@pytest.mark.parametrize("module", sorted(set(MODULES) - MAY_ACCESS_FILES))
def test_no_file_access_outside_the_loaders(module: str) -> None:
    used = {n.func.id if isinstance(n.func, ast.Name) else n.func.attr
            for n in ast.walk(_tree(module)) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name | ast.Attribute)}
    assert not used & FILE_ACCESS, f"{module} touches files"
