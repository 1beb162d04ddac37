"""Ledger pages (E11): filtered list with Excel export of the filtered rows; the item page shows its
history."""

import datetime
import io

import openpyxl
import pytest

from dudao.ledger.models import LedgerItem
from dudao.testing.ledger_factories import advance, item, ledger_world
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def test_filtered_list_and_export(world):
    late = item(world, description="逾期未整改的问题", deadline=datetime.date(2030, 1, 1))
    LedgerItem.objects.filter(pk=late.pk).update(deadline=datetime.date(2020, 1, 1))
    item(world, description="按期整改中的问题", deadline=datetime.date(2030, 1, 1))
    client = ui_client(world["leader"])
    page = client.get("/ledger/", {"overdue": "on"}).content.decode()
    assert "逾期未整改的问题" in page and "按期整改中的问题" not in page
    r = client.get("/ledger/", {"overdue": "on", "export": "xlsx"})
    assert r.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert rows[0][0] == "问题描述" and [row[0] for row in rows[1:]] == ["逾期未整改的问题"]
    assert "按期整改中的问题" not in ui_client(world["sibling"]).get("/ledger/").content.decode()


def test_item_page_shows_history(world):
    it = advance(world, item(world), "reported")
    page = ui_client(world["respondent"]).get(f"/ledger/{it.pk}/").content.decode()
    for text in ("报送整改方案", "同意整改方案", "报送整改结果", "已报整改结果", "照片"):
        assert text in page
    assert ui_client(world["other_respondent"]).get(f"/ledger/{it.pk}/").status_code == 404
