import pytest


@pytest.fixture
def tree(db):
    from dudao.testing.factories import region_tree

    return region_tree()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
