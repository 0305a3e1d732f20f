"""JSON Schema of the definition format, exported from the models into questionnaires/schema.json.

Run `python -m portal.questionnaires.schema` after changing `definition.py`; with `--check` it
only reports (exit status 1) whether the file is stale. Editors use the file to complete and
check YAML; the models stay the source of truth.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portal.questionnaires.definition import Definition

SCHEMA_ID = "https://portal.invalid/questionnaires/schema.json"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "schema.json"


def definition_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a definition file, as accepted on input."""
    schema = Definition.model_json_schema(mode="validation")
    schema["title"] = "Questionnaire definition"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as stable, readable JSON text."""
    return json.dumps(definition_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> bool:
    """Write the schema to `path`; whether the file changed."""
    text = schema_text()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or with --check, verify) questionnaires/schema.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--path", type=Path, default=SCHEMA_PATH)
    args = parser.parse_args(argv)
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        stale = current != schema_text()
        print(f"{args.path} is {'stale' if stale else 'up to date'}")
        return 1 if stale else 0
    changed = write_schema(args.path)
    print(f"{args.path} {'written' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
