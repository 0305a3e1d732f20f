"""The supplier's journey: home, answering, submission, recommendations, sharing, downloads."""

from portal.responses.views import (  # noqa: F401 - each module adds its routes
    answering,
    autosave,
    downloads,
    home,
    sharing,
    submission,
)
from portal.responses.views.common import bp

__all__ = ["bp"]
