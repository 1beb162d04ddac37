import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """These tests create many users; the production hasher's cost is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
