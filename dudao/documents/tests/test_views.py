"""Pages: the office issues a 督导意见书 and a 督办通知 from the browser and downloads them;
permission matrix (anonymous, no role, in scope, sibling region, parent region)."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.documents.fieldforms import post_data
from dudao.documents.models import IssuedDocument
from dudao.documents.rendering.pdf import pdf_available
from dudao.documents.samples import sample
from dudao.documents.services import document_issue
from dudao.testing.factories import UserFactory, user_with_role

from .docx_inspect import open_docx


def login(client, user):
    client.force_login(user)
    return client


def issue_via_browser(client, office, kind):
    response = client.post(f"/documents/issue/{kind}/", {
        "office": office.pk, **post_data(kind, sample(kind)), "action": "issue"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return IssuedDocument.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_office_issues_opinion_letter_and_supervision_notice(client, nanan_office, nanan_admin):
    login(client, nanan_admin)
    assert client.get("/documents/issue/").status_code == 200
    form = client.get("/documents/issue/opinion_letter/")
    page = form.content.decode()
    # named fields, no JSON, no sample data
    assert form.status_code == 200 and 'name="recipient"' in page and 'name="deadline"' in page
    assert "重庆市南岸区珊瑚实验小学" not in page and "JSON" not in page
    letter = issue_via_browser(client, nanan_office, "opinion_letter")
    notice = issue_via_browser(client, nanan_office, "supervision_notice")
    assert (letter.number_text, notice.number_text) == ("南岸教督〔2025〕1号", "南岸教督〔2025〕2号")
    assert letter.issued_by == nanan_admin and len(letter.docx_sha256) == 64
    detail = client.get(notice.get_absolute_url()).content.decode()
    assert "南岸教督〔2025〕2号" in detail
    word = client.get(f"/documents/{notice.pk}/download/docx/")
    assert word.status_code == 200
    texts = [p.text for p in open_docx(b"".join(word.streaming_content)).paragraphs]
    assert f"{nanan_office.name}文件" in texts and "南岸教督〔2025〕2号" in texts
    listing = client.get("/documents/").content.decode()
    assert "南岸教督〔2025〕1号" in listing and "南岸教督〔2025〕2号" in listing


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) 未安装：运行 make install")
def test_pdf_download_is_stored_with_checksum(client, nanan_office, nanan_admin):
    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="opinion_letter", context=sample("opinion_letter"))
    response = login(client, nanan_admin).get(f"/documents/{doc.pk}/download/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    doc.refresh_from_db()
    assert doc.pdf_file and len(doc.pdf_sha256) == 64


def test_preview_does_not_take_a_number(client, nanan_office, nanan_admin):
    response = login(client, nanan_admin).post("/documents/issue/rectification_notice/", {
        "office": nanan_office.pk, **post_data("rectification_notice", sample("rectification_notice")),
        "action": "preview"})
    assert response.status_code == 200
    assert "南岸教督〔2025〕×号" in [p.text for p in open_docx(response.content).paragraphs]
    assert not IssuedDocument.objects.exists()


def test_bad_data_shows_chinese_errors_and_writes_nothing(client, nanan_office, nanan_admin):
    data = post_data("opinion_letter", sample("opinion_letter"))
    data["deadline"] = "下周"
    data["problems"] = ""
    response = login(client, nanan_admin).post("/documents/issue/opinion_letter/", {
        "office": nanan_office.pk, **data, "action": "issue"})
    assert response.status_code == 200
    form = response.context["fields"]
    assert form.errors["deadline"] == ["日期格式应为 YYYY-MM-DD"]
    assert form.errors["problems"] == ["这个字段是必填项。"]
    page = response.content.decode()
    assert "日期格式应为 YYYY-MM-DD" in page and "JSON" not in page
    assert not IssuedDocument.objects.exists()


def test_service_errors_land_on_their_field(client, nanan_office, nanan_admin):
    """A rule only the typed data know (the 督导通知书's dates in order) comes back on the form."""
    data = post_data("inspection_notice", sample("inspection_notice"))
    data["end_date"] = "2025-05-01"
    response = login(client, nanan_admin).post("/documents/issue/inspection_notice/", {
        "office": nanan_office.pk, **data, "action": "issue"})
    assert response.status_code == 200
    assert "督导结束日期不能早于开始日期" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_void_from_detail_page(client, nanan_office, nanan_admin):
    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="opinion_letter", context=sample("opinion_letter"))
    login(client, nanan_admin).post(f"/documents/numbers/{doc.number.pk}/void/", {"reason": "内容有误"})
    doc.number.refresh_from_db()
    assert doc.number.status == "voided"
    assert "字号已作废" in client.get(doc.get_absolute_url()).content.decode()


@pytest.fixture
def issued(nanan_office):
    return document_issue(actor=None, office=nanan_office, kind="opinion_letter", context=sample("opinion_letter"))


@pytest.mark.parametrize(("who", "visible"), [
    ("anonymous", False), ("no_role", False), ("in_scope", True), ("sibling", False), ("parent", True),
    ("inspector", True), ("school", False),
])
def test_permission_matrix_for_list_detail_and_file(client, tree, issued, who, visible):
    users = {
        "no_role": lambda: UserFactory(),
        "in_scope": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "sibling": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "parent": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
        "inspector": lambda: user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]),
        "school": lambda: user_with_role(RoleCode.UNIT_RESPONDENT, unit=issued.office),
    }
    if who != "anonymous":
        login(client, users[who]())
    detail = client.get(issued.get_absolute_url())
    download = client.get(f"/documents/{issued.pk}/download/docx/")
    if who == "anonymous":
        assert detail.status_code == 302 and download.status_code == 302
        return
    assert detail.status_code == (200 if visible else 404)
    assert download.status_code == (200 if visible else 404)
    listing = client.get("/documents/")
    assert (issued.number_text in listing.content.decode()) == visible


@pytest.mark.parametrize(("who", "status"), [("no_role", 403), ("sibling", 200), ("inspector", 403)])
def test_issue_page_needs_the_add_permission_and_office_in_scope(client, tree, nanan_office, who, status):
    user = {"no_role": UserFactory, "sibling": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "inspector": lambda: user_with_role(RoleCode.INSPECTOR, region=tree["nanan"])}[who]()
    login(client, user)
    response = client.post("/documents/issue/opinion_letter/", {
        "office": nanan_office.pk, **post_data("opinion_letter", sample("opinion_letter"))})
    assert response.status_code == status
    assert not IssuedDocument.objects.exists()  # the sibling cannot choose 南岸's office


def test_other_pages_render(client, nanan_office, nanan_admin, issued):
    login(client, nanan_admin)
    for url in ("/documents/numbers/", "/documents/templates/", "/documents/batches/", "/documents/batches/new/",
                "/documents/settings/", "/documents/batches/new/?kind=inspector_card"):
        assert client.get(url).status_code == 200, url


def test_office_settings_change_the_prefix(client, nanan_office, nanan_admin):
    login(client, nanan_admin).post("/documents/settings/", {
        "office": nanan_office.pk, f"o{nanan_office.pk}-number_prefix": "南岸教督办",
        f"o{nanan_office.pk}-issuing_mark": "重庆市南岸区人民政府教育督导室文件"})
    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="report", context=sample("report"))
    assert doc.number_text == "南岸教督办〔2025〕1号"


def test_related_documents_selector(nanan_office, nanan_admin, tree):
    from dudao.documents.selectors import documents_for_object

    doc = document_issue(actor=nanan_admin, office=nanan_office, kind="report", context=sample("report"),
                         related=nanan_office)
    assert list(documents_for_object(nanan_admin, nanan_office)) == [doc]
    sibling = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    assert list(documents_for_object(sibling, nanan_office)) == []
