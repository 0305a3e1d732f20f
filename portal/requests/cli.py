"""`flask --app portal requests issue ...` for operators and demos, and `send-reminders`
for cron."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from portal.db import db, utcnow
from portal.questionnaires.services import get_version
from portal.requests import services
from portal.tenders.cli import find_organisation
from portal.tenders.models import Contract, Tender

group = AppGroup("requests", help="Questionnaires issued by buyers to suppliers.")


def _date(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-31") from None


@group.command("issue")
@click.option("--buyer", required=True, help="Buyer organisation: id or exact name.")
@click.option("--supplier", required=True, help="Supplier organisation: id or exact name.")
@click.option("--questionnaire", "key", required=True, help="Questionnaire key.")
@click.option("--version", required=True, help="Published version, e.g. 1.0.")
@click.option(
    "--stage", type=click.Choice(["tender", "contract"]), default="tender", show_default=True
)
@click.option("--tier", required=True, help="Required tier, e.g. basic.")
@click.option("--due", required=True, callback=_date, help="Due date, YYYY-MM-DD.")
@click.option("--email", default=None, help="Where the invitation goes (none: no mail).")
@click.option("--tender", "tender_ref", default=None, help="The buyer's tender reference.")
@click.option("--contract", "contract_ref", default=None, help="The buyer's contract reference.")
@click.option("--message", default="", help="A message to the supplier.")
def issue_command(
    buyer: str,
    supplier: str,
    key: str,
    version: str,
    stage: str,
    tier: str,
    due: dt.date,
    email: str | None,
    tender_ref: str | None,
    contract_ref: str | None,
    message: str,
) -> None:
    """Issue a questionnaire version to a supplier and mail the invitation."""
    buyer_org = find_organisation(buyer)
    supplier_org = find_organisation(supplier)
    found = get_version(key, version)
    if found is None:
        raise click.ClickException(f"{key} {version} is not published")
    tender = contract = None
    if tender_ref:
        tender = db.session.scalar(
            select(Tender).where(Tender.buyer_id == buyer_org.id, Tender.reference == tender_ref)
        )
        if tender is None:
            raise click.ClickException(f"{buyer_org.name} has no tender {tender_ref!r}")
    if contract_ref:
        contract = db.session.scalar(
            select(Contract).where(
                Contract.buyer_id == buyer_org.id, Contract.reference == contract_ref
            )
        )
        if contract is None:
            raise click.ClickException(f"{buyer_org.name} has no contract {contract_ref!r}")
        if contract.supplier_id != supplier_org.id:
            raise click.ClickException(f"contract {contract_ref} is not with {supplier_org.name}")
    try:
        if contract is not None and stage == "contract":
            request, carried = services.issue_for_contract(
                None,
                contract,
                version=found,
                required_tier=tier,
                due_date=due,
                today=utcnow().date(),
                email=email,
                message=message,
            )
        else:
            request = services.issue(
                None,
                buyer=buyer_org,
                supplier=supplier_org,
                version=found,
                stage=stage,
                required_tier=tier,
                due_date=due,
                today=utcnow().date(),
                tender=tender,
                contract=contract,
                email=email,
                message=message,
            )
            carried = 0
    except services.IssueRefused as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"request {request.id} issued to {supplier_org.name}: code {request.invitation_code}"
        + (
            f", invitation mailed to {request.invitation_email}"
            if request.invitation_email
            else ", no invitation mailed (no --email)"
        )
        + (f", {carried} answer(s) carried over" if carried else "")
    )


@click.command("send-reminders")
@with_appcontext
@click.option(
    "--today",
    default=None,
    callback=lambda c, p, v: _date(c, p, v) if v else None,
    help="Run as if it were this day (YYYY-MM-DD); for testing.",
)
def send_reminders_command(today: dt.date | None) -> None:
    """Send due-soon and overdue reminders once each, and issue the contract re-assessments
    that are due. Safe to run as often as you like (e.g. daily from cron)."""
    run = services.send_reminders(today or utcnow().date())
    db.session.commit()
    click.echo(
        f"reminders: {len(run.due_soon)} due soon, {len(run.overdue)} overdue; "
        f"re-assessments issued: {len(run.reassessments)}"
    )
    for note in run.notes:
        click.echo(f"note: {note}")
