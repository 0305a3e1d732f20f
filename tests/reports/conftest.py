from tests.review.conftest import in_app, submission  # noqa: F401 - shared fixtures
