"""The ledger's lists as a clerk reads them (issue 15): overdue and due-soon rows highlighted, dates
that do not wrap, 督办级别 by its label, and no stray filter label."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from dudao.ledger.choices import order_level_label
from dudao.ledger.models import LedgerItem
from dudao.testing.ledger_factories import item, ledger_world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _row(html, text):
    return next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if text in r)


def test_overdue_and_due_soon_rows_are_highlighted(tree):
    world = ledger_world(tree)
    late = item(world, description="逾期未整改的问题")
    soon = item(world, description="三天后到期的问题", deadline=TODAY + datetime.timedelta(days=3))
    item(world, description="一月后到期的问题", deadline=TODAY + datetime.timedelta(days=30))
    LedgerItem.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=5))
    html = _client(world["admin"]).get("/ledger/").content.decode()
    assert 'class="row-overdue"' in _row(html, "逾期未整改的问题") and "逾期</span>" in _row(html, "逾期未整改的问题")
    assert 'class="row-due-soon"' in _row(html, soon.description)
    assert "row-" not in _row(html, "一月后到期的问题").split(">", 1)[0]
    assert '<span class="text-date">' in _row(html, soon.description)  # a date never wraps mid-word


def test_the_filters_show_no_hidden_field_label(tree):
    world = ledger_world(tree)
    html = _client(world["admin"]).get("/ledger/?unit=1").content.decode()
    assert ">Unit<" not in html and ">Zone<" not in html
    assert 'type="hidden" name="unit"' in html


def test_order_levels_have_labels():
    assert order_level_label(1).startswith("一级督办") and order_level_label(2).startswith("二级督办")
    assert order_level_label(None) == "—"
