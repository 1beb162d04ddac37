"""The demo's stories (each app's ``tests/demo_story.py``), checked on one loaded demo.

Loading the whole demo takes ~16 s of CPU and loading it again ~0.5 s, so the demo is loaded once per
module in an outer transaction that is rolled back at the end; each test runs in a savepoint inside
it (pytest-django's ``django_db``), so one story's writes never reach the next. The ``xdist_group``
keeps the module on one worker (``--dist loadgroup`` in the Makefile and .ci/run)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from dudao.accountability.tests import demo_story as accountability
from dudao.incentives.tests import demo_story as incentives
from dudao.inspections.tests import demo_story as inspections
from dudao.inspectors.tests import demo_story as inspectors
from dudao.ledger.tests import demo_story as ledger
from dudao.portal.tests import demo_story as portal
from dudao.ui.tests import demo_story as shell
from tests.test_scope_follows_unit import moving_units_story

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once; yield what it printed; roll it all back after the module."""
    media = tmp_path_factory.mktemp("demo-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the root conftest's per-test fixture
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_is_idempotent_and_scoped(demo_output):
    shell.check_demo_is_idempotent_and_scoped(demo_output)


def test_ledger_stories_idempotence_and_browser_walk(demo_output):
    ledger.check_demo_stories_idempotence_and_browser_walk(demo_output)


def test_open_case_can_be_carried_to_the_decision_in_the_browser(demo_output):
    ledger.check_demo_open_case_can_be_carried_to_the_decision_in_the_browser()


def test_suggested_case_and_private_school_measures(demo_output):
    accountability.check_demo_suggested_case_and_private_school_measures()


def test_incentives_and_idempotence(demo_output):
    incentives.check_demo_incentives_and_idempotence()


def test_tasks_in_several_states_and_idempotence(demo_output):
    inspections.check_demo_tasks_in_several_states_and_idempotence()


def test_coverage_gaps_and_idempotence(demo_output):
    inspectors.check_demo_coverage_gaps_and_idempotence()


def test_publications_and_idempotence(demo_output):
    portal.check_demo_publications_and_idempotence()


def test_moving_units_rescopes_every_copy_and_moving_a_region_too(demo_output):
    moving_units_story()
