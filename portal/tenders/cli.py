"""`flask --app portal tenders ...`: importing country risk and Open Contracting data."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.db import db, utcnow
from portal.organisations.models import Organisation
from portal.tenders import ocds_import
from portal.tenders.risk import CountryRiskFileError, parse_country_risk
from portal.tenders.services import import_country_risk

group = AppGroup("tenders", help="Tenders, contracts and the risk settings they use.")


def find_organisation(value: str) -> Organisation:
    """An organisation by id or by exact name (case-insensitive)."""
    organisation = None
    if value.isdigit():
        organisation = db.session.get(Organisation, int(value))
    if organisation is None:
        organisation = db.session.scalar(
            select(Organisation).where(func.lower(Organisation.name) == value.strip().lower())
        )
    if organisation is None:
        raise click.ClickException(f"no organisation {value!r} (give its id or its exact name)")
    return organisation


@group.command("import-country-risk")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_country_risk_command(file: Path) -> None:
    """Import country risk from a CSV file with the columns country,risk,source."""
    if file.stat().st_size > 1024 * 1024:
        raise click.ClickException(f"{file} is larger than 1 MB; is it the right file?")
    try:
        rows = parse_country_risk(file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise click.ClickException(f"{file} is not UTF-8 text") from None
    except CountryRiskFileError as error:
        raise click.ClickException(
            f"{file}: nothing imported\n" + "\n".join(f"  {p}" for p in error.problems)
        ) from None
    created, updated = import_country_risk(None, rows)
    db.session.commit()
    click.echo(f"country risk: {created} added, {updated} changed, {len(rows)} in the file")


@group.command("import-ocds")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--buyer", required=True, help="The buyer organisation: its id or exact name.")
def import_ocds_command(file: Path, buyer: str) -> None:
    """Import tenders, contracts and suppliers from an OCDS release or record package."""
    organisation = find_organisation(buyer)
    try:
        data = ocds_import.read_path(file, ocds_import.size_limit(current_app.config))
        result = ocds_import.import_bytes(None, organisation, data, today=utcnow().date())
    except ocds_import.OcdsFileError as error:
        raise click.ClickException(f"{file}: {error}") from None
    db.session.commit()
    click.echo(result.summary())
    for skipped in result.skipped:
        click.echo(f"skipped {skipped}")
