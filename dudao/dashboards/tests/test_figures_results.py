"""The results and corps figures of the dashboard (三色 results, training-hours shortfall) and the
period filters of coverage, tasks and 问责, through the API, the page and the Excel: every figure
equals the rows its link lists (and the list's API twin), in each of several periods over generated
data that lies both inside and outside them; a district never sees a sibling's figures."""

import datetime
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.inspections.choices import TaskStatus
from dudao.inspections.models import SupervisionTask
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import inspector, office, school

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
Y = TODAY.year - 1  # a whole past year: the first period
P = Y - 1  # the year before: the second period


def _ui(user):
    client = Client()
    client.force_login(user)
    return client


def _aware(day: datetime.date):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10))


def _result(office_unit, unit, colour, *, start=None, end=None, status=TaskStatus.REPORT, created=None):
    from dudao.testing.incentives_factories import green_result

    target = green_result(office_unit, unit, colour=colour, status=status, start_date=start or D(2000, 1, 1),
                          title=f"三色{colour}{unit.pk}{start}{end}")
    fields = {"end_date": end, "start_date": start}
    if created:
        fields["created_at"] = _aware(created)
    SupervisionTask.objects.filter(pk=target.task_id).update(**fields)  # test set-up only
    return target


def _training(person, hours, day, kind="centralised", result=""):
    from dudao.inspectors.services import training_add

    training_add(actor=None, inspector=person, course="培训", kind=kind, hours=hours, date=day, result=result)


@pytest.fixture
def world(tree):
    """南岸区 (铜元局街道's schools) and 大渡口区 (新山村街道's), with results, trainings, postings,
    tasks and cases in both periods and around them."""
    from dudao.accountability import services as accountability
    from dudao.accountability.models import AccountabilityCase
    from dudao.inspections.services.tasks import task_create
    from dudao.inspectors.models import Inspector, Posting, TrainingRecord
    from dudao.inspectors.postings import posting_create, posting_end
    from dudao.regionsettings.services import region_setting_set
    from dudao.testing.case_factories import situation

    nanan_office, ddk_office = office(tree["nanan"]), office(tree["ddk"])
    n1, n2, n3 = (school(tree["nanan_town"], name=f"铜元局学校{i}") for i in range(3))
    d1, d2 = (school(tree["ddk_town"], name=f"新山村学校{i}") for i in range(2))
    # three colours: the result date is the on-site end, else the start, else the creation
    _result(nanan_office, n1, "red", start=D(Y, 3, 1), end=D(Y, 3, 5))
    _result(nanan_office, n2, "yellow", start=D(P, 12, 20), end=D(Y, 1, 5))  # ends in Y
    _result(nanan_office, n3, "green", start=None, created=D(Y, 9, 9))  # no dates: its creation
    _result(nanan_office, n3, "green", start=D(P, 4, 1), status=TaskStatus.PUBLISHED)
    _result(nanan_office, n1, "red", start=D(Y, 5, 1), status=TaskStatus.ON_SITE)  # no report yet: not counted
    _result(ddk_office, d1, "green", start=D(Y, 6, 1), status=TaskStatus.ARCHIVED)
    _result(ddk_office, d2, "red", start=D(P, 6, 1))
    # training: 南岸区 counts online learning (a region setting), 大渡口区 only 集中培训 (40 h)
    region_setting_set(actor=None, region=tree["nanan"], key="training.counts_online", value=1)
    region_setting_set(actor=None, region=tree["ddk"], key="training.min_centralised_hours", value=48)
    a, b, c = (inspector(nanan_office, trained=False, name=f"南岸督学{i}") for i in range(3))
    _training(a, 30, D(Y, 3, 1))
    _training(a, 12, D(Y, 6, 1), kind="online")  # 42 counted in 南岸区: enough in Y
    _training(b, 20, D(Y, 3, 1))
    _training(b, 30, D(Y, 4, 1), result="failed")  # failed: earns nothing → 20, 20 short
    _training(c, 45, D(P, 3, 1))  # enough in P, nothing in Y → 40 short
    gone = inspector(nanan_office, trained=False, name="南岸已退出")
    Inspector.objects.filter(pk=gone.pk).update(status="exited")
    x, z = (inspector(ddk_office, trained=False, name=f"大渡口督学{i}") for i in range(2))
    for person in (a, b, c, x, z):  # 岗前培训 long before (a posting needs one)
        TrainingRecord.objects.create(inspector=person, course="岗前培训", kind="centralised", hours=16,
                                      date=D(2000, 1, 10), pre_service=True)
    _training(x, 44, D(Y, 3, 1))  # 40 would do elsewhere; 48 in 大渡口区 → 4 short
    _training(z, 12, D(Y, 3, 1), kind="online")  # online not counted in 大渡口区 → 48 short
    # postings: n1 since P, n2 from P to mid-Y, n3 from this year on; d1 since P
    for unit, person, start, end in ((n1, a, D(P, 2, 1), None), (n2, b, D(P, 2, 1), D(Y, 7, 1)),
                                     (n3, c, D(TODAY.year, 1, 2), None), (d1, x, D(P, 5, 1), None)):
        posting = posting_create(actor=None, inspector=person, school=unit, start_date=start)
        if end:
            posting_end(actor=None, posting=posting, end_date=end, reason="调整")
    assert Posting.objects.count() == 4
    # tasks: the start date (else the creation) decides the period
    for off, title, start, created in ((nanan_office, "Y开始", D(Y, 4, 1), None),
                                       (nanan_office, "P开始", D(P, 4, 1), None),
                                       (nanan_office, "Y创建", None, D(Y, 2, 2)),
                                       (ddk_office, "大渡口Y", D(Y, 8, 8), None)):
        task = task_create(actor=None, office=off, kind="special", title=title, start_date=start)
        if created:
            SupervisionTask.objects.filter(pk=task.pk).update(created_at=_aware(created))
    # cases: opened (立案) in Y, in P, and a suggestion and a dismissal in Y (never opened)
    made = []
    for unit, day in ((n1, D(Y, 2, 1)), (n2, D(Y, 11, 1)), (n1, D(P, 2, 1)), (d1, D(Y, 3, 3)),
                      (n2, D(Y, 4, 4)), (n3, D(Y, 5, 5))):
        case = accountability.case_open(actor=None, unit=unit, subject_kind="school", title="问责",
                                        supervision_end=D(P, 1, 1), situations=[situation()])
        AccountabilityCase.objects.filter(pk=case.pk).update(created_at=_aware(day))
        made.append(case.pk)
    AccountabilityCase.objects.filter(pk=made[4]).update(status="suggested")  # test set-up only
    AccountabilityCase.objects.filter(pk=made[5]).update(status="dismissed")
    return {"nanan_office": nanan_office}


def _count(client, url) -> int | Decimal:
    """What the page a figure links to lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    ctx = response.context
    path = urlsplit(url).path
    if path.endswith("/green-results/"):
        return ctx["page_obj"].paginator.count
    if path.endswith("/training/under/"):
        return len(ctx["rows"])
    if path == "/inspections/":
        return sum(len(tasks) for _s, _l, tasks in ctx["columns"])
    if ctx.get("paginator") is not None:
        return ctx["paginator"].count
    return len(ctx["object_list"])


def _coverage(client, url) -> dict:
    cov = client.get(url).context["cov"]
    return {"schools": len(cov.schools), "covered": cov.covered, "inspectors": cov.inspectors}


def _tables(user, query=""):
    data = api_client(user).get(f"/api/v1/dashboards/figures?{query}").json()
    return {t["key"]: t for t in data["tables"]}


def _values(table, key):
    return {r["label"]: r["cells"][key]["value"] for r in table["rows"]}


PERIODS = [f"year={Y}", f"year={P}", f"year={Y}&month=3", f"year={Y}&semester=2", f"year={TODAY.year}"]


def test_every_new_figure_equals_the_rows_its_link_lists_in_each_period(tree, world):
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    ui = _ui(city)
    checked = 0
    for query in PERIODS:
        tables = _tables(city, query)
        for key in ("results", "training", "tasks", "supervision"):
            for row in tables[key]["rows"]:
                for column, cell in row["cells"].items():
                    if not cell["url"] or column == "short":
                        continue
                    assert _count(ui, cell["url"]) == cell["value"], (query, key, row["label"], column)
                    checked += 1
            for row in tables["training"]["rows"]:  # the shortfall: the page's total
                cell = row["cells"]["short"]
                assert float(ui.get(cell["url"]).context["short"]) == cell["value"], (query, row["label"])
        for row in tables["coverage"]["rows"]:
            cells = row["cells"]
            on = _coverage(ui, cells["schools"]["url"])
            assert on == {k: cells[k]["value"] for k in on}, (query, row["label"])
            checked += 1
    assert checked > 80


def test_the_figures_count_what_lies_in_the_period(tree, world):
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    year = _tables(city, f"year={Y}")
    results = year["results"]
    assert [r["label"] for r in results["rows"]] == ["大渡口区", "南岸区"]
    assert _values(results, "red") == {"大渡口区": 0, "南岸区": 1}  # the on-site red has no report yet
    assert _values(results, "yellow") == {"大渡口区": 0, "南岸区": 1}  # started in P, ended in Y
    assert _values(results, "green") == {"大渡口区": 1, "南岸区": 1}  # the undated one: its creation
    before = _tables(city, f"year={P}")
    assert _values(before["results"], "red") == {"大渡口区": 1, "南岸区": 0}
    assert _values(before["results"], "green") == {"大渡口区": 0, "南岸区": 1}
    # training in Y: 南岸区 b (20 short) and c (40 short); 大渡口区 x (4 short) and z (48 short)
    training = year["training"]
    assert _values(training, "active") == {"大渡口区": 2, "南岸区": 3}  # the exited one is not in office
    assert _values(training, "under") == {"大渡口区": 2, "南岸区": 2}
    assert _values(training, "short") == {"大渡口区": 52.0, "南岸区": 60.0}
    assert _values(before["training"], "under") == {"大渡口区": 2, "南岸区": 2}  # a and b had nothing in P
    # coverage at Y's end: n1 and d1 (n2's posting ended mid-Y, n3's starts this year); March of Y: n2 too
    assert _values(year["coverage"], "covered") == {"大渡口区": 1, "南岸区": 1}
    assert _values(_tables(city, f"year={Y}&month=3")["coverage"], "covered") == {"大渡口区": 1, "南岸区": 2}
    assert _values(_tables(city, f"year={TODAY.year}")["coverage"], "covered") == {"大渡口区": 1, "南岸区": 2}
    assert _values(year["coverage"], "schools") == {"大渡口区": 2, "南岸区": 3}
    # tasks started (or, undated, created) in Y: two of 南岸区's, one of 大渡口区's — all drafts
    assert {r["label"]: r["cells"]["draft"]["value"] for r in year["tasks"]["rows"]} == {"专项督导": 3}
    assert {r["label"]: r["cells"]["draft"]["value"] for r in before["tasks"]["rows"]} == {"专项督导": 1}
    # cases opened in Y (not the suggestion nor the dismissal); P has 南岸区's other
    assert _values(year["supervision"], "cases") == {"大渡口区": 1, "南岸区": 2}
    assert _values(before["supervision"], "cases") == {"大渡口区": 0, "南岸区": 1}
    assert _values(_tables(city, f"year={Y}&month=2")["supervision"], "cases") == {"大渡口区": 0, "南岸区": 1}


def test_the_lists_api_twins_take_the_same_filters(tree, world):
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    api = api_client(city)
    tables = _tables(city, f"year={Y}")

    def params(url):
        return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}

    for row in tables["results"]["rows"]:
        for colour in ("red", "yellow", "green"):
            p = params(row["cells"][colour]["url"])
            got = api.get("/api/v1/incentives/green-results", {
                "colour": p["colour"], "region_code": p["region"], "result_from": p["result_from"],
                "result_to": p["result_to"]}).json()
            assert got["count"] == row["cells"][colour]["value"], (row["label"], colour)
    for row in tables["supervision"]["rows"]:
        p = params(row["cells"]["cases"]["url"])
        got = api.get("/api/v1/ledger/cases", {"region_code": p["region"], "opened_from": p["opened_from"],
                                                       "opened_to": p["opened_to"]}).json()
        assert got["count"] == row["cells"]["cases"]["value"]
    for row in tables["coverage"]["rows"]:
        p = params(row["cells"]["covered"]["url"])
        got = api.get("/api/v1/corps/coverage", {"region_code": p["region"], "on": p["on"]}).json()
        assert (got["schools"], got["covered"], got["inspectors"]) == tuple(
            row["cells"][k]["value"] for k in ("schools", "covered", "inspectors"))
    for row in tables["training"]["rows"]:
        p = params(row["cells"]["under"]["url"])
        got = api.get("/api/v1/corps/training/under-minimum", {"region_code": p["region"],
                                                                   "year": p["year"]}).json()
        assert len(got) == row["cells"]["under"]["value"]
        assert float(sum(Decimal(r["short_hours"]) for r in got)) == row["cells"]["short"]["value"]
    got = api.get("/api/v1/inspections/tasks", {"started_from": f"{Y}-01-01", "started_to": f"{Y}-12-31"}).json()
    assert got["count"] == sum(c["value"] for r in tables["tasks"]["rows"] for c in r["cells"].values()) == 7
    assert api.get("/api/v1/incentives/green-results", {"region_code": "999999"}).status_code == 422


def test_a_district_never_sees_a_siblings_figures(tree, world):
    nanan = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    tables = _tables(nanan, f"year={Y}")
    for key in ("results", "coverage", "supervision"):
        assert [r["label"] for r in tables[key]["rows"]] == ["铜元局街道"], key
    assert _values(tables["results"], "green") == {"铜元局街道": 1}
    assert _values(tables["results"], "red") == {"铜元局街道": 1}
    # the inspectors sit in 南岸区's office (the county), not in the township: none under 铜元局街道,
    # three in the county's own row (the exited one not), judged by 南岸区's rule (online counts):
    # 42 h enough, 20 h (a failed course earns nothing) 20 short, none this year 40 short
    assert [r["label"] for r in tables["training"]["rows"]] == ["铜元局街道", "南岸区本级"]
    assert _values(tables["training"], "active") == {"铜元局街道": 0, "南岸区本级": 3}
    assert _values(tables["training"], "under") == {"铜元局街道": 0, "南岸区本级": 2}
    assert _values(tables["training"], "short") == {"铜元局街道": 0, "南岸区本级": 60.0}
    assert not any(c["url"] for c in tables["training"]["rows"][1]["cells"].values())
    assert _values(tables["supervision"], "cases") == {"铜元局街道": 2}
    # its tasks only: 大渡口区's is not counted
    assert {r["label"]: r["cells"]["draft"]["value"] for r in tables["tasks"]["rows"]} == {"专项督导": 2}
    ui = _ui(nanan)
    for row in tables["results"]["rows"]:
        for cell in row["cells"].values():
            assert _count(ui, cell["url"]) == cell["value"]
    # the sibling's region in a list link: not found / refused
    page = ui.get(f"/incentives/green-results/?region={tree['ddk'].code}&colour=green")
    assert "region" in page.context["form"].errors  # not a region it may pick: its own results only
    assert {t.unit.region_id for t in page.context["targets"]} == {tree["nanan_town"].pk}
    assert api_client(nanan).get("/api/v1/incentives/green-results",
                                 {"region_code": tree["ddk"].code}).status_code == 422
    assert api_client(nanan).get(f"/api/v1/dashboards/figures?region_id={tree['ddk'].pk}").status_code == 404


def test_the_new_tables_on_the_page_and_in_the_excel(tree, world):
    city = _ui(user_with_role(RoleCode.LEADER, region=tree["cq"]))
    page = city.get(f"/dashboards/?year={Y}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "督导结果三色（按区域）" in html and "督学培训学时（按区域）" in html
    assert {c["key"] for c in page.context["charts"]} >= {"results", "training"}
    response = city.get(f"/dashboards/export/?year={Y}")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = wb["督导结果三色（按区域）"]
    assert [c.value for c in sheet[1]][:4] == ["区域", "红色", "黄色", "绿色"]
    assert sum(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == 2
    training = wb["督学培训学时（按区域）"]
    assert sum(row[2] for row in training.iter_rows(min_row=2, values_only=True)) == 4


def test_each_new_table_is_one_aggregate_whatever_the_number_of_regions(tree, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dudao.dashboards import selectors
    from dudao.dashboards.figures import results

    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    scope = selectors.scope_for(city)
    period = selectors.period_from({"year": Y})
    builders = ((results.results_table, 1), (results.training_table, 3),  # + the settings, the region's own corps
                (lambda *a, **k: selectors.coverage_table(*a, **k), 3),  # schools, inspectors, the limit
                (lambda u, s, p, today: selectors.tasks_table(u, s, p), 1),
                (selectors.supervision_table, 2))  # 督办, cases
    for builder, most in builders:
        builder(city, scope, period, today=TODAY)  # the user's roles are cached by the first call
        with CaptureQueriesContext(connection) as queries:
            builder(city, scope, period, today=TODAY)
        assert len(queries) <= most, (builder, [q["sql"][:120] for q in queries])
