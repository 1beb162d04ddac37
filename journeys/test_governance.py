"""督政, the committee, plans and measures, the upper level's evaluation, funds and workplaces, and the
planner (issues 14 and 19) as their users meet them on the demo site: the city office finds its
evaluation of 南岸区人民政府, 南岸's committee meeting of this year with its minutes and decisions, the
liaison of 区住房城乡建委 with the finding on its ledger; every new page opens at desktop and phone
widths without spilling sideways and without a script error."""

from conftest import DESKTOP, PHONE

PAGES = (
    "/governance/tasks/", "/governance/checklists/", "/governance/self-checks/", "/governance/leaders/",
    "/committee/", "/committee/actions/", "/committee/rules/", "/committee/participation/",
    "/upward/evaluations/", "/upward/assignments/", "/upward/filings/",
    "/measures/plans/", "/measures/", "/measures/projects/", "/measures/charters/",
    "/finance/budgets/", "/finance/claims/",
    "/workplaces/places/", "/workplaces/self-inspections/", "/workplaces/topics/", "/workplaces/rounds/",
    "/workplaces/agreements/", "/inspectors/contacts/",
    "/planner/", "/planner/semesters/",
)


def _no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {width}px screen"


def test_the_new_pages_fit_desktop_and_phone(person):
    for viewport in (DESKTOP, PHONE):
        office = person("nanan_office", viewport)
        for path in PAGES:
            page = office.go(path)
            assert page.locator("h1").first.inner_text().strip(), path
            _no_overflow(page, viewport["width"])
        office.shot(f"governance-pages-{viewport['width']}")


def test_the_city_evaluates_the_district_government(person):
    city = person("cq_office", DESKTOP)
    page = city.go("/governance/tasks/")
    assert "南岸区人民政府" in page.locator("body").inner_text()
    city.shot("governance-tasks-1280")


def test_the_committee_meeting_of_this_year(person):
    office = person("nanan_office", DESKTOP)
    page = office.go("/committee/")
    text = page.locator("body").inner_text()
    assert "全体会议" in text, text[:1500]
    page.locator("table a").first.click()
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    assert "会议纪要" in text and "决定" in text, text[:2000]
    office.shot("committee-meeting-1280")


def test_the_semester_plan_is_published_and_a_liaison_reports_on_its_action(person):
    office = person("nanan_office", DESKTOP)
    page = office.go("/planner/")
    assert "南岸区2027年春季学期督导计划" in page.locator("body").inner_text()
    assert "已发布" in page.locator("table").first.inner_text()
    liaison = person("nanan_liaison", PHONE)
    page = liaison.go("/committee/mine/")
    assert page.locator("h1").first.inner_text().strip()
    _no_overflow(page, PHONE["width"])
    liaison.shot("committee-liaison-390")
