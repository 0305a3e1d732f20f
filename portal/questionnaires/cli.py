"""`flask --app portal questionnaires ...`: validate, publish, list, retire, diff, import."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.db import db
from portal.questionnaires import services
from portal.questionnaires.diff import diff_definitions, render_diff
from portal.questionnaires.loader import DefinitionInvalid, load_path, validate_path, validate_text

group = AppGroup("questionnaires", help="Questionnaire definitions and their published versions.")


def _default_paths(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths] or [Path(current_app.config["QUESTIONNAIRES_DIR"])]


@group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def validate(paths: tuple[str, ...]) -> None:
    """Check definition files (a folder: every .yaml under it); exit 1 on any error."""
    errors = []
    for path in _default_paths(paths):
        errors += validate_path(path)
    for error in errors:
        click.echo(str(error), err=True)
    if errors:
        click.echo(f"{len(errors)} error(s).", err=True)
        sys.exit(1)
    click.echo("All definitions are valid.")


@group.command("publish")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def publish(paths: tuple[str, ...]) -> None:
    """Store each version with its canonical content and sha256; all or nothing."""
    try:
        outcomes = services.publish_paths(_default_paths(paths))
    except services.PublishRefused as refused:
        db.session.rollback()
        for error in refused.errors:
            click.echo(str(error), err=True)
        for outcome in refused.outcomes:
            if outcome.outcome == "refused":
                click.echo(f"{outcome.file}: refused: {outcome.message}", err=True)
        click.echo("Nothing was published.", err=True)
        sys.exit(1)
    db.session.commit()
    for o in outcomes:
        click.echo(f"{o.key} {o.version}: {o.outcome} ({o.sha256[:12]})")


@group.command("list")
def list_versions() -> None:
    """Keys, versions, stages, hashes and status of every published version."""
    versions = services.all_versions()
    if not versions:
        click.echo("No questionnaire is published yet.")
        return
    click.echo(f"{'key':<22} {'version':<8} {'stages':<16} {'sha256':<14} {'status':<8} published")
    for v in versions:
        click.echo(
            f"{v.key:<22} {v.version:<8} {v.stages:<16} {v.sha256[:12]:<14} {v.status.value:<8} "
            f"{v.published_at:%Y-%m-%d}"
        )


@group.command("retire")
@click.argument("key")
@click.argument("version")
def retire(key: str, version: str) -> None:
    """Stop new requests from using a version (its responses stay readable)."""
    row = services.get_version(key, version)
    if row is None:
        raise click.ClickException(f"{key} {version} is not published")
    changed = services.retire(row)
    db.session.commit()
    click.echo(f"{key} {version} {'retired' if changed else 'was already retired'}.")


def _definition(key: str, version: str):  # type: ignore[no-untyped-def]
    row = services.get_version(key, version)
    if row is not None:
        return services.definition_of(row)
    file = Path(current_app.config["QUESTIONNAIRES_DIR"]) / key / f"{version}.yaml"
    if not file.exists():
        raise click.ClickException(f"{key} {version} is neither published nor in {file.parent}")
    try:
        return load_path(file)
    except DefinitionInvalid as invalid:
        raise click.ClickException(
            f"{file} is not valid: run 'questionnaires validate'"
        ) from invalid


@group.command("diff")
@click.argument("key")
@click.argument("old")
@click.argument("new")
@click.option("--language", default="en", show_default=True)
def diff(key: str, old: str, new: str, language: str) -> None:
    """What changed between two versions, in plain words."""
    click.echo(
        render_diff(diff_definitions(_definition(key, old), _definition(key, new)), language)
    )


@group.command("import-xlsform")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", required=True, help="The questionnaire key, e.g. modern-slavery.")
@click.option("--version", "version", required=True, help="The version number, e.g. 1.0.")
@click.option(
    "--output", type=click.Path(dir_okay=False), help="Write the YAML here (default: print it)."
)
def import_xlsform(file: str, key: str, version: str, output: str | None) -> None:
    """Convert an XLSForm into our format; what cannot be represented is listed as a warning."""
    from portal.questionnaires.xlsform import XLSFormError, convert_xlsform

    try:
        result = convert_xlsform(file, key, version)
    except XLSFormError as failure:
        raise click.ClickException(str(failure)) from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    target = output or f"{key}/{version}.yaml"
    errors = validate_text(result.yaml_text, target, check_names=output is not None)
    if output:
        Path(output).write_text(result.yaml_text, encoding="utf-8")
        click.echo(f"Wrote {output} ({len(result.warnings)} warning(s)).", err=True)
    else:
        click.echo(result.yaml_text)
    for error in errors:
        click.echo(str(error), err=True)
    if errors:
        sys.exit(1)
