"""The dashboards' rows of the shared permission matrix (``tests/test_permission_matrix.py``): the
object under test is a 南岸区 school's ledger item; "listed" means the dashboard counts it (its
total). In scope (南岸区) and the parent (重庆市) count it; the township below, the sibling
district and a user without a role see their own dashboards without it.

Elsewhere: the PDF (LibreOffice, a few seconds a call) is tested in ``test_dashboard.py`` — the
same context as the page, whose scope rows are here."""

import io

from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.ledger.tests.matrix import ledger_item
from dudao.testing.matrix import Endpoint

from .matrix_map import MAP_ENDPOINTS, MAP_OWN_PAGES, MAP_OWN_PATHS

LEADER = RoleCode.LEADER
API = "/api/v1/dashboards"



def _api_total(response, obj):
    return next(k for k in response.json()["kpis"] if k["key"] == "total")["value"] > 0


def _page_total(response, obj):
    return next(k for k in response.context["kpis"] if k["key"] == "total")["value"] > 0


def _xlsx_total(response, obj):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return any(row[0] == "问题总数" and (row[1] or 0) > 0 for row in wb["关键指标"].iter_rows(values_only=True))


ENDPOINTS = [
    Endpoint("dashboards api figures", "api", "list", LEADER, ledger_item, lambda o: f"{API}/figures",
             listed=_api_total),
    Endpoint("dashboards ui index", "ui", "list", LEADER, ledger_item, lambda o: "/dashboards/", listed=_page_total),
    Endpoint("dashboards ui export", "ui", "list", LEADER, ledger_item, lambda o: "/dashboards/export/",
             listed=_xlsx_total),
]

# the region map (matrix_map.py)
ENDPOINTS += MAP_ENDPOINTS
OWN_PATHS: set = set(MAP_OWN_PATHS)
OWN_PAGES: set = {"dashboards:pdf", *MAP_OWN_PAGES}
