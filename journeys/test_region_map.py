"""The region map in the browser (issue 13 item 2), on the demo site: the city office opens
/dashboards/map/, sees its 38 districts coloured by overdue rectification, clicks 南岸区 on the map
and lands on 南岸区's townships (a tile grid) with its schools as points; the district office never
sees the city above it. Every request the page makes goes to the server itself (offline intranets)."""

from urllib.parse import urlparse

from conftest import DESKTOP, PHONE


def _no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {width}px screen"


def _drawn(page, region_code):
    page.wait_for_selector(f'[data-map-chart][data-region="{region_code}"][data-ready="1"]')


def test_the_city_clicks_a_district_on_the_map(person, server):
    city = person("cq_office", DESKTOP)
    hosts = set()
    city.page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    page = city.go("/dashboards/map/")
    _drawn(page, "500000")
    assert page.locator("[data-map-chart]").get_attribute("data-mode") == "geo"
    assert page.locator("[data-map-rows] tr").count() == 38
    assert "逾期未整改" in page.locator("[data-map-measure] option:checked").inner_text()
    city.shot("map-city-1280")
    # click 南岸区 where ECharts drew it: a pixel inside its shape and clear of the school points
    x, y = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.querySelector('[data-map-chart]'));
        const geo = chart.getModel().getComponent('geo').coordinateSystem;
        const region = geo.getRegion('500108');
        const rect = region.getBoundingRect();
        const points = chart.getOption().series[1].data.map(d => chart.convertToPixel({geoIndex: 0}, d.value));
        let best = null;
        for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
            const coord = [rect.x + rect.width * i / 40, rect.y + rect.height * j / 40];
            if (!region.contain(coord)) continue;
            const px = chart.convertToPixel({geoIndex: 0}, coord);
            const gap = Math.min(Infinity, ...points.map(p => Math.hypot(p[0] - px[0], p[1] - px[1])));
            if (!best || gap > best[0]) best = [gap, px];
        }
        return best[1];
    }""")
    box = page.locator("[data-map-chart] canvas").first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    _drawn(page, "500108")
    assert "region=500108" in page.url
    assert page.locator("[data-map-title]").inner_text() == "南岸区"
    assert "铜元局街道" in page.locator("[data-map-rows]").inner_text()
    assert page.locator("[data-map-chart]").get_attribute("data-mode") == "grid"
    assert page.locator("[data-map-up]").is_visible()
    city.shot("map-nanan-1280")
    # back up to the city with the button
    page.locator("[data-map-up]").click()
    _drawn(page, "500000")
    assert hosts == {urlparse(server).netloc}, hosts


def test_the_district_sees_only_its_own_townships_on_a_phone(person):
    office = person("nanan_office", PHONE)
    page = office.go("/dashboards/map/")
    _drawn(page, "500108")
    text = page.locator("[data-region-map]").inner_text()
    assert "铜元局街道" in text and "大渡口区" not in text
    assert not page.locator("[data-map-up]").is_visible()
    _no_overflow(page, PHONE["width"])
    office.shot("map-nanan-390")
    # the table's drill link of a township without children is absent; its figure links to the rows
    first = page.locator("[data-map-rows] tr").first.locator("a").first
    href = first.get_attribute("href")
    assert href.startswith("/ledger/overdue/?region="), href
