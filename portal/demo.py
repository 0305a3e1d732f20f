"""Demo data: consortia, buyers, suppliers and one user of each role, for trying the portal."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.services import create_user
from portal.db import db
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Organisation,
    OrganisationKind,
    Role,
)

BUYERS = [
    ("Northbridge City Council", "GB"),
    ("University of Eastvale", "GB"),
    ("St Aldric's Hospital NHS Trust", "GB"),
    ("Riverside Borough Council", "GB"),
    ("Kingsmoor University", "GB"),
]

SUPPLIERS = [
    ("Brightline IT Solutions Ltd", "ICT hardware reseller", "GB"),
    ("Meridian Workwear Ltd", "Uniforms and workwear maker", "BD"),
    ("SafeHand Medical Supplies", "Medical gloves distributor", "MY"),
    ("CleanCity Facilities Services", "Cleaning contractor", "GB"),
    ("Harvest Table Catering", "Food and catering", "GB"),
    ("Solaris Panels Europe", "Solar panels importer", "DE"),
    ("Guardwell Security Services", "Security services", "GB"),
    ("Apex Build Construction", "Construction", "GB"),
]

CONSORTIA = [
    (
        "Southern Universities Purchasing Consortium",
        "Universities that buy together and share supplier due-diligence results.",
        ["University of Eastvale", "Kingsmoor University", "St Aldric's Hospital NHS Trust"],
        "University of Eastvale",
    ),
    (
        "Regional Councils Procurement Partnership",
        "Councils and public bodies of the region coordinating supply-chain monitoring.",
        ["Northbridge City Council", "Riverside Borough Council", "St Aldric's Hospital NHS Trust"],
        "Northbridge City Council",
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    organisation: str


class DemoRefused(RuntimeError):
    """The database already holds data and --force was not given."""


def database_is_empty() -> bool:
    return not (
        db.session.scalar(select(func.count()).select_from(Organisation))
        or db.session.scalar(select(func.count()).select_from(User))
    )


def load(*, force: bool = False) -> list[DemoAccount]:
    """Create the demo; refuse a database that has data unless forced (then add alongside)."""
    if not database_is_empty() and not force:
        raise DemoRefused("the database is not empty; use --force to add the demo anyway")
    suffix = "" if database_is_empty() else "-" + secrets.token_hex(2)
    organisations: dict[str, Organisation] = {}
    for name, country in BUYERS:
        organisations[name] = Organisation(
            name=name + _tag(suffix), kind=OrganisationKind.BUYER, country=country
        )
    for name, category, country in SUPPLIERS:
        organisations[name] = Organisation(
            name=name + _tag(suffix),
            kind=OrganisationKind.SUPPLIER,
            category=category,
            country=country,
        )
    db.session.add_all(organisations.values())
    for name, description, members, admin in CONSORTIA:
        consortium = Consortium(name=name + _tag(suffix), description=description)
        db.session.add(consortium)
        db.session.flush()
        for member in members:
            db.session.add(
                ConsortiumMembership(
                    consortium_id=consortium.id,
                    organisation_id=organisations[member].id,
                    is_admin=member == admin,
                )
            )
    accounts = [
        ("operator", "operator", None, Role.ADMIN, "Olivia Operator"),
        (
            "buyer admin (consortium admin)",
            "buyer.admin",
            "University of Eastvale",
            Role.ADMIN,
            "Amara Okafor",
        ),
        ("buyer member", "buyer", "University of Eastvale", Role.MEMBER, "Ben Hughes"),
        ("buyer admin", "council.admin", "Northbridge City Council", Role.ADMIN, "Claire Donovan"),
        (
            "supplier admin",
            "supplier.admin",
            "Brightline IT Solutions Ltd",
            Role.ADMIN,
            "Dev Patel",
        ),
        ("supplier member", "supplier", "Brightline IT Solutions Ltd", Role.MEMBER, "Elena Rossi"),
        ("supplier admin", "gloves.admin", "SafeHand Medical Supplies", Role.ADMIN, "Farah Aziz"),
    ]
    made: list[DemoAccount] = []
    for label, local, organisation_name, role, person in accounts:
        password = secrets.token_urlsafe(12)
        email = f"{local}{suffix}@demo.portal.test"
        organisation = organisations[organisation_name] if organisation_name else None
        create_user(
            email=email,
            name=person,
            password=password,
            organisation=organisation,
            role=role,
            is_operator=organisation is None,
        )
        made.append(DemoAccount(label, email, password, organisation_name or "(platform)"))
    db.session.flush()
    return made


def _tag(suffix: str) -> str:
    return f" ({suffix.strip('-')})" if suffix else ""


def format_accounts(accounts: list[DemoAccount]) -> str:
    width = max(len(a.email) for a in accounts)
    lines = [f"  {a.email:<{width}}  {a.password}  {a.role}, {a.organisation}" for a in accounts]
    return "\n".join(lines)


def credentials_file(instance_path: str) -> Path:
    return Path(instance_path) / "demo-credentials.txt"
