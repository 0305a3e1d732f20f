"""Forms for tenders, contracts, their suppliers, categories, country risk and imports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from portal.tenders.models import ContractStatus, RiskLevel, TenderStatus

COUNTRY = Regexp(r"^[A-Za-z]{2}$", message=_l("Use a two-letter country code, e.g. BD."))
CURRENCY = Regexp(r"^[A-Za-z]{3}$", message=_l("Use a three-letter currency code, e.g. GBP."))

TENDER_STATUS_LABELS = {
    TenderStatus.PLANNING: _l("Planning"),
    TenderStatus.ACTIVE: _l("Active"),
    TenderStatus.AWARDED: _l("Awarded"),
    TenderStatus.CANCELLED: _l("Cancelled"),
    TenderStatus.COMPLETE: _l("Complete"),
}
CONTRACT_STATUS_LABELS = {
    ContractStatus.PENDING: _l("Pending"),
    ContractStatus.ACTIVE: _l("Active"),
    ContractStatus.TERMINATED: _l("Terminated"),
    ContractStatus.EXPIRED: _l("Expired"),
}
RISK_LABELS = {RiskLevel.LOW: _l("Low"), RiskLevel.MEDIUM: _l("Medium"), RiskLevel.HIGH: _l("High")}


def _choices(labels: dict, blank: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(k.value, v) for k, v in labels.items()]


class _ProcurementForm(FlaskForm):
    reference = StringField(
        _l("Reference"),
        validators=[DataRequired(_l("Enter your reference.")), Length(max=120)],
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)]
    )
    category_key = SelectField(_l("Category"), choices=[], validate_choice=False)
    country = StringField(
        _l("Country of production, where known"), validators=[Optional(), COUNTRY]
    )
    value_amount = DecimalField(_l("Value"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency"), validators=[Optional(), CURRENCY])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])

    def set_categories(self, categories: list) -> None:
        self.category_key.choices = [SelectChoice("", _l("Not set"))] + [
            SelectChoice(c.key, f"{c.name} ({RISK_LABELS[c.risk]})") for c in categories
        ]


class TenderForm(_ProcurementForm):
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    status = SelectField(_l("Status"), choices=_choices(TENDER_STATUS_LABELS))
    submit = SubmitField(_l("Save the tender"))


class ContractForm(_ProcurementForm):
    supplier_id = SelectField(_l("Supplier"), coerce=int, choices=[], validate_choice=False)
    tender_id = SelectField(_l("Tender"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=_choices(CONTRACT_STATUS_LABELS))
    reassess_every_months = IntegerField(
        _l("Re-assess every (months)"), validators=[Optional(), NumberRange(min=1, max=60)]
    )
    next_assessment_due = DateField(_l("Next re-assessment due"), validators=[Optional()])
    submit = SubmitField(_l("Save the contract"))


class AddSupplierForm(FlaskForm):
    supplier_id = SelectField(
        _l("A supplier already on the portal"), choices=[], validate_choice=False
    )
    new_name = StringField(
        _l("Or a new supplier organisation's name"), validators=[Optional(), Length(max=200)]
    )
    new_country = StringField(_l("Its country"), validators=[Optional(), COUNTRY])
    submit = SubmitField(_l("Add the supplier"))


class AwardForm(FlaskForm):
    supplier_id = SelectField(_l("Awarded to"), coerce=int, choices=[], validate_choice=False)
    reference = StringField(
        _l("Contract reference"),
        validators=[DataRequired(_l("Enter the contract's reference.")), Length(max=120)],
    )
    value_amount = DecimalField(
        _l("Contract value"), places=2, validators=[Optional(), NumberRange(min=0)]
    )
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    reassess_every_months = IntegerField(
        _l("Re-assess every (months)"), validators=[Optional(), NumberRange(min=1, max=60)]
    )
    submit = SubmitField(_l("Award and create the contract"))


class CategoryForm(FlaskForm):
    key = StringField(
        _l("Key"),
        validators=[
            DataRequired(_l("Enter a key.")),
            Regexp(
                r"^[a-z][a-z0-9-]{1,59}$", message=_l("Use lower-case letters, digits and dashes.")
            ),
        ],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the category's name.")), Length(max=200)]
    )
    risk = SelectField(_l("Risk"), choices=_choices(RISK_LABELS))
    submit = SubmitField(_l("Save the category"))


class CountryRiskForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])
    submit = SubmitField(_l("Import"))


class OcdsImportForm(FlaskForm):
    file = FileField(
        _l("OCDS release or record package (JSON)"),
        validators=[FileRequired(_l("Choose a JSON file."))],
    )
    submit = SubmitField(_l("Import"))
