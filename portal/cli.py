"""Command-line interface: `flask --app portal ...` commands for operators."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import demo
from portal.db import db


@click.group("demo", cls=AppGroup)
def demo_group() -> None:
    """Demo data for trying the portal."""


@demo_group.command("load")
@click.option("--force", is_flag=True, help="Add the demo even if the database holds data.")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (but show the demo accounts) if the database holds data.",
)
def demo_load(force: bool, if_empty: bool) -> None:
    """Load the demo organisations, consortia and users, and print how to sign in."""
    path = demo.credentials_file(current_app.instance_path)
    if if_empty and not demo.database_is_empty():
        click.echo("The database already holds data; the demo was not loaded again.")
        if path.exists():
            click.echo(f"Demo accounts (from {path}):\n{path.read_text()}")
        return
    try:
        accounts = demo.load(force=force)
    except demo.DemoRefused as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    table = demo.format_accounts(accounts)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(table + "\n")
    click.echo(f"Demo loaded. Sign in at {current_app.config['BASE_URL']}/auth/sign-in with:")
    click.echo(table)
    click.echo(f"(These passwords are also in {path}.)")


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Accounts."""


@users_group.command("create-operator")
@click.argument("email")
@click.option("--name", default="Platform operator", show_default=True)
@click.password_option(help="The password (asked for when not given).")
def create_operator(email: str, name: str, password: str) -> None:
    """Create a platform operator account (for a new installation)."""
    from portal.auth.passwords import password_problem
    from portal.auth.services import create_user, user_by_email

    problem = password_problem(password, email=email)
    if problem:
        raise click.ClickException(problem)
    if user_by_email(email) is not None:
        raise click.ClickException(f"an account for {email} already exists")
    create_user(email=email, name=name, password=password, organisation=None, is_operator=True)
    db.session.commit()
    click.echo(f"Operator {email} created.")


def init_commands(app: Flask) -> None:
    from portal.bench import bench_group
    from portal.questionnaires.cli import group as questionnaires_group
    from portal.requests.cli import group as requests_group
    from portal.requests.cli import send_reminders_command
    from portal.tenders.cli import group as tenders_group

    app.cli.add_command(demo_group)
    app.cli.add_command(bench_group)
    app.cli.add_command(users_group)
    app.cli.add_command(questionnaires_group)
    for command in (tenders_group, requests_group, send_reminders_command):
        app.cli.add_command(command)
