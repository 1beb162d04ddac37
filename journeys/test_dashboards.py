"""The city office opens the dashboard: its districts side by side with a chart and a table, a
click on a district drills into it, a figure opens the rows behind it; at desktop and phone widths."""

import pytest

from conftest import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_city_dashboard_drills_into_a_district(person, viewport):
    me = person("cq_office", viewport)
    page = me.go("/dashboards/?compare=1")
    page.wait_for_selector("#chart-ledger_region canvas")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the dashboard is {overflow}px wider than the {viewport['width']}px screen"
    me.shot(f"dashboard-city-{viewport['width']}")
    page.locator("#t-ledger_region a", has_text="南岸区").first.click()
    page.wait_for_load_state()
    assert "南岸区 ·" in page.locator(".dashboard h2").inner_text()
    overdue = page.locator(".dashboard-kpis a[data-figure=overdue]")
    count = int(overdue.inner_text())
    overdue.click()
    page.wait_for_load_state()
    assert "/ledger/" in page.url and "overdue=on" in page.url
    assert page.locator("table tbody tr").count() == count


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_county_dashboard_opens_a_zone_and_its_visit_figures(person, viewport):
    """南岸区's office: the zones side by side in the visit compliance table, a click opens the
    zone's dashboard, a figure of an inspector opens the compliance page with exactly those rows."""
    me = person("nanan_office", viewport)
    page = me.go("/dashboards/")
    page.wait_for_selector("#t-visits_zone")
    zone = page.locator("#t-visits_zone tbody td.cell-main a").first
    name = zone.inner_text()
    zone.click()
    page.wait_for_load_state()
    assert name in page.locator(".dashboard h2").inner_text()
    page.wait_for_selector("#t-visits_inspector")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the zone dashboard is {overflow}px wider than the {viewport['width']}px screen"
    me.shot(f"dashboard-zone-{viewport['width']}")
    figure = page.locator("#t-visits_inspector a[data-figure=postings]").first
    count = int(figure.inner_text())
    figure.click()
    page.wait_for_load_state()
    assert "/inspections/compliance/" in page.url and "zone=" in page.url
    assert page.locator("table tbody tr").count() == count


def test_county_dashboard_shows_the_national_indices_with_their_thresholds(person):
    """南岸区's office: the 优质均衡 table (value, threshold, 待核实, met) with its chart; a value opens the
    index page of the county and year, which shows the same 差异系数."""
    me = person("nanan_office", DESKTOP)
    page = me.go("/dashboards/")
    page.wait_for_selector("#chart-index_balance canvas")
    table = page.locator("#t-index_balance")
    assert "待核实" in table.inner_text() and "未达标" in table.inner_text()
    me.shot("dashboard-county-indices")
    first = table.locator("tbody tr").first
    value = first.locator("td").nth(1).inner_text()
    first.locator("td a").last.click()
    page.wait_for_load_state()
    assert "/monitoring/balance/" in page.url
    assert value in page.locator("#section-primary tr[data-indicator=degree] td.cv").inner_text()
