"""The consortia blueprint; its routes live in the views modules of this package."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consortia", __name__, url_prefix="/consortia")
