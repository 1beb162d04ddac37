"""The law's rules in the browser (issue 16), on the demo site: the settings page marks the national
floors and refuses a value past them; the city office sees the district's report filed with it
(条例 Art. 23) and acknowledges it; the due lists of Art. 14 and the principals' tenure-end list open
at desktop and phone widths without spilling sideways."""

from conftest import DESKTOP, PHONE


def _no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {width}px screen"


def test_a_region_cannot_lower_a_national_floor(person):
    office = person("nanan_office", DESKTOP)
    page = office.go("/settings/?region=500108")
    text = page.locator("body").inner_text()
    assert "国家底线：不得低于2" in text and "国家规定：固定为3" in text
    row = page.locator("tr", has=page.locator("code", has_text="visits.min_per_semester"))
    row.locator("input[name=value]").fill("1")
    row.locator("button").click()
    page.wait_for_load_state()
    assert "第十四条" in page.locator("body").inner_text()
    office.shot("law-settings-floor-1280")


def test_the_city_office_acknowledges_a_filed_report(person):
    city = person("cq_office", DESKTOP)
    page = city.go("/inspections/filings/")
    text = page.locator("body").inner_text()
    assert "2025年南岸区春季学期开学工作专项督导" in text, text[:1500]
    city.shot("law-filings-1280")
    page.locator("form", has=page.locator("button", has_text="确认备案")).first.locator("button").click()
    page.wait_for_load_state()
    page = city.go("/inspections/filings/?status=acknowledged")
    assert "2025年南岸区春季学期开学工作专项督导" in page.locator("body").inner_text()


def test_due_lists_fit_a_phone(person):
    for viewport in (DESKTOP, PHONE):
        office = person("nanan_office", viewport)
        for path, name in (("/inspections/cycles/", "cycles"), ("/inspections/cycles/?cycle=government", "gov"),
                           ("/schools/principals/due/", "tenure")):
            page = office.go(path)
            assert page.locator("h1").inner_text().strip()
            _no_overflow(page, viewport["width"])
            office.shot(f"law-{name}-{viewport['width']}")
