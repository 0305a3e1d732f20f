"""XLSForms as plain rows, written at test time as .xlsx, .xls, .csv or .md files."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from tests.questionnaires.xlsform.xls_writer import xls_bytes

Cell = str | int | float | None
Form = Mapping[str, Sequence[Sequence[Cell]]]
"""Sheet name -> rows, the first row being the column headers."""


def _text(value: Cell) -> str | None:
    return None if value is None else str(value)


def write_form(form: Form, path: Path) -> Path:
    """Write `form` in the format its suffix names and return the path."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.worksheets[0])
        for name, rows in form.items():
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(list(row))
        workbook.save(path)
    elif suffix == ".xls":
        path.write_bytes(xls_bytes({n: [[_text(c) for c in r] for r in rows]
                                    for n, rows in form.items()}))
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for name, rows in form.items():
            writer.writerow([name])
            for row in rows:
                writer.writerow(["", *("" if c is None else c for c in row)])
        path.write_text(out.getvalue(), encoding="utf-8")
    elif suffix == ".md":
        lines = []
        for name, rows in form.items():
            lines.append(f"| {name} |")
            for row in rows:
                cells = ("" if c is None else str(c).replace("|", "\\|") for c in row)
                lines.append("| | " + " | ".join(cells) + " |")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"no writer for {suffix}")
    return path


YES_NO = [["yesno", "yes", "Yes", "Sí", "Oui"], ["yesno", "no", "No", "No", "Non"]]
LANGS = ["label::English (en)", "label::Español (es)", "label::Français (fr)"]

# A supplier questionnaire shaped like the ones buyers keep in spreadsheets: three languages,
# groups (one nested), a repeat, calculations, notes, old select syntax, scoring columns, and
# headers typed with stray spaces and capitals.
REAL_WORLD: Form = {
    "survey": [
        [" Type", "Name ", *LANGS, "hint::English (en)", "hint::Español (es)",
         "hint::Français (fr)", " Required", "RELEVANT", "constraint", "tier", "clause",
         "points", "severity", "recommendation::English (en)", "recommendation::Español (es)",
         "recommendation::Français (fr)", "red_flag"],
        ["note", "intro", "Answer for your own company.", "Responda por su empresa.",
         "Répondez pour votre entreprise."],
        ["begin group", "policy", "Policy", "Política", "Politique"],
        ["select_one yesno", "has_policy", "Do you have a forced labour policy?",
         "¿Tiene una política?", "Avez-vous une politique ?", "A signed document.",
         "Un documento firmado.", "Un document signé.", "yes", None, None, "basic",
         "ILO-C029, ILO-C105", 2, "high", "Adopt a written policy.",
         "Adopte una política escrita.", "Adoptez une politique écrite.", "no"],
        ["select one from yesno", "published", "Is it published?", "¿Está publicada?",
         "Est-elle publiée ?", None, None, None, "TRUE", "${has_policy} = 'yes'"],
        ["date", "adopted", "When was it adopted?", "¿Cuándo?", "Quand ?", None, None, None,
         "true()", "${published} != 'no'"],
        ["end group"],
        ["begin group", "workforce", "Workforce", "Plantilla", "Effectifs", None, None, None,
         None, "${has_policy} != ''"],
        ["integer", "workers", "How many workers?", "¿Cuántos trabajadores?",
         "Combien de travailleurs ?", None, None, None, "1", None, ". > 0"],
        ["select_multiple risks", "risk_areas", "Which risks apply?", "¿Qué riesgos?",
         "Quels risques ?", None, None, None, "YES", "${workers} >= 10 or ${workers} < 2",
         None, "advanced", "OECD-DDG", None, "critical", "Map your risks.", "Mapee sus riesgos.",
         "Cartographiez vos risques.", "child"],
        ["begin group", "migrants", "Migrant workers", "Trabajadores migrantes",
         "Travailleurs migrants"],
        ["decimal", "fee_share", "Share of recruitment fees paid by workers (%)",
         "Porcentaje de tasas", "Part des frais", None, None, None, "no",
         "selected(${risk_areas}, 'migrant') and not(${workers} = 0)"],
        ["end group"],
        ["text", "risk_details", "Describe the risks.", "Describa los riesgos.", None, None,
         None, None, None, "count-selected(${risk_areas}) > 1"],
        ["end group"],
        ["begin repeat", "sites", "Sites", "Sitios", "Sites"],
        ["text", "site_name", "Site name", "Nombre", "Nom"],
        ["end repeat"],
        ["calculate", "total", None, None, None, None, None, None, None, None, None],
        ["geopoint", "hq", "Where is your head office?", "¿Dónde?", "Où ?"],
        ["select_one grievance or_other", "grievance", "How can workers complain?",
         "¿Cómo pueden quejarse?", "Comment se plaindre ?", None, None, None, None,
         "${total} > 3"],
        ["text", "contact", "Who is responsible?", "¿Quién es responsable?",
         "Qui est responsable ?", None, None, None, "0", None, None, "Basic ", "UNGP-17",
         3, None, "Name a responsible person.", "Nombre a un responsable.",
         "Nommez un responsable."],
        ["note", "thanks", "Thank you.", "Gracias.", "Merci."],
    ],
    "choices": [
        ["list_name", "name", *LANGS, "points"],
        *YES_NO,
        ["risks", "child", "Child labour", "Trabajo infantil", "Travail des enfants", 0],
        ["risks", "forced", "Forced labour", "Trabajo forzoso", "Travail forcé", 0],
        ["risks", "migrant", "Migrant workers", "Trabajadores migrantes",
         "Travailleurs migrants", 1],
        ["risks", "none", "None of these", "Ninguno", "Aucun", 3],
        ["grievance", "hotline", "Hotline", "Línea directa", "Ligne directe"],
        ["grievance", "union", "Trade union", "Sindicato", "Syndicat"],
    ],
    "settings": [["form_title", "default_language"],
                 ["Forced labour self-assessment", "English (en)"]],
}


def survey(*rows: Sequence[Cell], header: Sequence[str] = ("type", "name", "label"),
           choices: Sequence[Sequence[Cell]] = (), settings: Mapping[str, str] | None = None,
           choice_header: Sequence[str] = ("list_name", "name", "label")) -> Form:
    """A small form: survey rows under `header`, optional choices and settings."""
    form: dict[str, list[Sequence[Cell]]] = {"survey": [list(header), *rows]}
    if choices:
        form["choices"] = [list(choice_header), *choices]
    if settings:
        form["settings"] = [list(settings), list(settings.values())]
    return form
