"""评估监测 in the browser (issue 12), on the demo site: the 南岸区 office opens its 优质均衡 page —
the seven 差异系数 per 学段, the schools failing the school rule and why, last year beside this
year — at desktop and phone widths; the city sees its counties side by side and the campaign
waiting for its 市级复核; a school's data clerk opens her return; the public survey page works on
a phone with the drawn captcha."""

from conftest import DESKTOP, PHONE


def _no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {width}px screen"


def test_the_district_reads_its_balance_indices(person):
    for viewport in (DESKTOP, PHONE):
        office = person("nanan_office", viewport)
        page = office.go("/monitoring/indices/")
        assert "/monitoring/balance/" in page.url, page.url
        text = page.locator("body").inner_text()
        assert "差异系数" in text and "小学" in text and "初中" in text, text[:1500]
        # the demo's designed failures: a school short on two indicators, one on equipment
        assert "广阳小学" in text and "迎龙初级中学" in text, text[:3000]
        assert "2025" in text  # last year beside this year
        _no_overflow(page, viewport["width"])
        office.shot(f"monitoring-balance-{viewport['width']}")


def test_the_city_compares_its_counties_and_reviews_a_campaign(person):
    city = person("cq_office", DESKTOP)
    page = city.go("/monitoring/indices/")
    assert "/monitoring/counties/" in page.url, page.url
    assert "南岸区" in page.locator("body").inner_text()
    city.shot("monitoring-counties-1280")
    page = city.go("/monitoring/campaigns/")
    text = page.locator("body").inner_text()
    assert "南岸区" in text and "市级复核" in text, text[:1500]
    page.locator("a", has_text="南岸区").first.click()
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    assert "通过" in text and "退回" in text, text[:2000]
    city.shot("monitoring-campaign-1280")


def test_a_school_clerk_opens_her_return(person):
    school = person("nanan_school", PHONE)
    page = school.go("/monitoring/submissions/")
    text = page.locator("body").inner_text()
    assert "优质均衡" in text or "资源配置" in text, text[:1500]
    _no_overflow(page, PHONE["width"])
    page.locator("table a, .list-group a").first.click()
    page.wait_for_load_state()
    assert "在校生数" in page.locator("body").inner_text()
    school.shot("monitoring-submission-390")


def test_the_public_survey_page_on_a_phone(person, browser, server):
    office = person("nanan_office", DESKTOP)
    page = office.go("/surveys/")
    page.locator("a", has_text="社会认可度").first.click()
    page.wait_for_load_state()
    link = page.locator("a[href*='/public/surveys/']").first.get_attribute("href")
    assert link, page.locator("body").inner_text()[:1500]
    context = browser.new_context(viewport=PHONE)
    try:
        public = context.new_page()
        public.goto(link if link.startswith("http") else server + link)
        text = public.locator("body").inner_text()
        assert "家长" in text or "学生" in text, text[:1000]
        public.locator("a", has_text="家长").first.click()
        public.wait_for_load_state()
        assert public.locator("img[src*='/accounts/captcha/']").count() == 1
        _no_overflow(public, PHONE["width"])
        public.screenshot(path=str(__import__("conftest").SHOTS / "monitoring-survey-390.png"), full_page=True)
    finally:
        context.close()
