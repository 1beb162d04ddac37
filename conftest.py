import pytest


@pytest.fixture
def tree(db):
    from dudao.testing.factories import region_tree

    return region_tree()


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production hashing is deliberately slow; tests check the policy, not the hash cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login throttles, captchas and per-address limits are counted in the cache: start each test clean.
    from django.core.cache import cache

    cache.clear()
