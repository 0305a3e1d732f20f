"""Bench data: `flask --app portal bench generate` fills an empty database for load tests."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.db import db

DEFAULT_SEED = 20260508


@click.group("bench", cls=AppGroup)
def bench_group() -> None:
    """Data for measuring the portal under load (scratch databases only)."""


@bench_group.command("generate")
@click.option("--suppliers", type=click.IntRange(min=2), default=200, show_default=True,
              help="Supplier organisations, each with an admin user (two at least, to compare).")
@click.option("--members", type=click.IntRange(min=1), default=10, show_default=True,
              help="Buyer organisations (an admin and a member each), all in one consortium.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Seed of the random choices: the same seed gives the same data.")
@click.option("--writers", type=click.IntRange(min=0), default=60, show_default=True,
              help="Supplier users, each with its own response in progress, listed in the "
                   "manifest for concurrent saves.")
@click.option("--manifest", "manifest_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Where to write the manifest.  "
                                 "[default: INSTANCE/bench-manifest.json]")
def generate_command(
    suppliers: int, members: int, seed: int, writers: int, manifest_path: Path | None
) -> None:
    """Fill an EMPTY, migrated database (questionnaires published) with a large, realistic
    dataset, and write a manifest of the accounts and pages to load-test.

    Buyers in one consortium, suppliers in many countries and categories, requests on every
    published questionnaire version, scored submissions with gaps and red flags, responses in
    progress, follow-up actions, findings and shares. Every account has the same documented
    password (bench-otter-lantern-42), printed and kept in the manifest: bench data belongs
    in a scratch database, never in one that real people use.
    """
    from portal.bench.generate import GenerateRefused, generate

    started = time.perf_counter()
    try:
        result = generate(suppliers=suppliers, members=members, seed=seed, writers=writers)
    except GenerateRefused as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    seconds = time.perf_counter() - started
    path = manifest_path or Path(current_app.instance_path) / "bench-manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.manifest, indent=2) + "\n")
    counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
    click.echo(f"Generated in {seconds:.1f} s: {counts}.")
    click.echo(f"Every account's password: {result.manifest['password']}")
    click.echo(f"Buyer: {result.manifest['buyer']['email']}; "
               f"{len(result.manifest['writers'])} writers. Manifest: {path}")
