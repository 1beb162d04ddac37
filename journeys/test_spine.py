"""The spine's story in the browser (issue 11, "Done when"), on the demo site as `make run` serves
it: the posted inspector records a visit problem on a phone with a photo; the school sees it at once
with its 整改通知书 (inbox and the problem's page), submits a plan with an attachment and a report
with photos; the office accepts the plan, re-checks with a photo and closes the problem. No command
runs in between: each person sees the previous step on their next page."""

import datetime
import io
import time

from conftest import DESKTOP, PHONE

SCHOOL = "重庆市南岸区珊瑚实验小学"


def _png(path, colour):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return str(path)


def _submit(form):
    form.locator("button").last.click()
    form.page.wait_for_load_state()


def test_a_visit_problem_goes_round_the_loop(person, tmp_path):
    problem = f"食堂留样记录缺失（旅程{int(time.time())}）"
    today = datetime.date.today()
    photo, plan_pdf = _png(tmp_path / "现场.png", "red"), tmp_path / "整改方案.pdf"
    plan_pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # 1. the inspector, on a phone, records the visit with a photo and the problem
    inspector = person("nanan_inspector", PHONE)
    page = inspector.go("/inspections/visits/new/")
    options = page.locator("#id_school option").all_inner_texts()
    assert any(SCHOOL in o for o in options), options
    page.select_option("#id_school", label=next(o for o in options if SCHOOL in o))
    page.fill("#id_visited_on", today.isoformat())
    page.fill("#id_duration_minutes", "90")
    page.locator("input[name=methods]").first.check()
    page.set_input_files("#id_photos", photo)
    page.fill("#id_problem_description", problem)
    page.select_option("#id_problem_category", index=1)
    page.fill("#id_problem_requirement", "补齐留样记录并建立台账")
    page.fill("#id_problem_deadline", (today + datetime.timedelta(days=30)).isoformat())
    inspector.shot("spine-1-visit-form-390")
    _submit(page.locator("form[enctype='multipart/form-data']"))
    assert "/inspections/visits/new/" not in page.url, page.locator("body").inner_text()[:1500]
    assert problem in page.locator("body").inner_text()
    assert page.locator("img[src*='/files/']").count() >= 1  # the photo, through the scoped view
    inspector.shot("spine-2-visit-detail-390")

    # 2. the school sees it at once: the notice in its inbox and the problem in its ledger
    school = person("nanan_school", PHONE)
    page = school.go("/documents/inbox/")
    assert "整改通知书" in page.locator("body").inner_text()
    school.shot("spine-3-school-inbox-390")
    page = school.go("/ledger/")
    page.get_by_text(problem[:12]).first.click()
    page.wait_for_load_state()
    item_url = page.url
    assert "整改通知书" in page.locator("body").inner_text()

    # 3. the school submits its plan with an attachment
    form = page.locator("form[action$='/submit_plan/']")
    form.locator("textarea[name='submit_plan-plan']").fill("一周内补齐留样记录，专人负责")
    form.locator("input[name='submit_plan-plan_files']").set_input_files(str(plan_pdf))
    _submit(form)
    assert "整改方案.pdf" in page.locator("body").inner_text()
    school.shot("spine-4-plan-submitted-390")

    # 4. the office accepts the plan
    office = person("nanan_office", DESKTOP)
    page = office.go(item_url.removeprefix(office.base))
    _submit(page.locator("form[action$='/accept_plan/']"))

    # 5. the school reports with two photos as 佐证材料
    page = school.go(item_url.removeprefix(school.base))
    form = page.locator("form[action$='/report/']")
    form.locator("textarea[name='report-report']").fill("已补齐近三个月留样记录")
    form.locator("input[name='report-evidence_files']").set_input_files(
        [_png(tmp_path / "整改后1.png", "green"), _png(tmp_path / "整改后2.png", "blue")])
    _submit(form)
    assert "整改后1.png" in page.locator("body").inner_text()

    # 6. the office re-checks on site with a photo and closes the problem
    page = office.go(item_url.removeprefix(office.base))
    form = page.locator("form[action$='/begin_recheck/']")
    form.locator("select[name='begin_recheck-method']").select_option(index=1)
    _submit(form)
    form = page.locator("form[action$='/recheck-notes/']")
    form.locator("textarea[name='recheck_note-note']").fill("现场查看留样柜，记录齐全")
    form.locator("input[name='recheck_note-recheck_files']").set_input_files(_png(tmp_path / "复查.png", "yellow"))
    _submit(form)
    form = page.locator("form[action$='/close/']")
    form.locator("textarea[name='close-conclusion']").fill("整改到位，予以销号")
    _submit(form)
    text = page.locator("body").inner_text()
    assert "已销号" in text, text[:2000]
    office.shot("spine-5-closed-1280")

    # the school's view of the closed problem, with every step in its history
    page = school.go(item_url.removeprefix(school.base))
    text = page.locator("body").inner_text()
    for step in ("报送整改方案", "同意整改方案", "报送整改结果", "开始复查", "销号"):
        assert step in text, step
    school.shot("spine-6-school-closed-390")
