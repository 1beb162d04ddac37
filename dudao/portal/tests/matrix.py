"""The portal's rows of the shared permission matrix (``tests/test_permission_matrix.py``; semantics
in ``dudao.testing.matrix``). The object under test is a publication about a 南岸区 school (its
closed ledger item). Reads act as the read-only leader, office writes as office_admin, the unit's
statement as a unit respondent assigned to the region.

Elsewhere: the login-free public pages (``portal_public:*``) in ``test_public.py`` — everyone may
read a published item there and nobody anything else."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.ledger import services as ledger_services
from dudao.ledger import workflows as ledger_workflows
from dudao.portal import services
from dudao.portal.models import Publication
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

OFFICE, LEADER, RESPONDENT = RoleCode.OFFICE_ADMIN, RoleCode.LEADER, RoleCode.UNIT_RESPONDENT
API = "/api/v1/portal"
DESCRIPTION = "矩阵公开测试问题"

OWN_PATHS: set = set()
OWN_PAGES = {"portal_public:index", "portal_public:publication", "portal_public:attachment",
             "portal_public:practice"}  # public pages: test_public.py, test_public_practices.py


def closed_item(tree):
    unit = school(tree["nanan"], name="矩阵公开学校")
    item = ledger_services.ledger_item_create(actor=None, unit=unit, source="media", description=DESCRIPTION,
                                              category="safety", requirement="立即整改",
                                              deadline=datetime.date(2030, 1, 1))
    item = ledger_workflows.item_submit_plan(actor=None, item=item, plan="方案")
    item = ledger_workflows.item_accept_plan(actor=None, item=item)
    item = ledger_workflows.item_report(actor=None, item=item, report="已整改", evidence="照片")
    item = ledger_workflows.item_begin_recheck(actor=None, item=item, method="sampling")
    return ledger_workflows.item_close(actor=None, item=item, conclusion="到位")


def draft(tree):
    return services.publication_create(actor=None, kind="rectification", ledger_item=closed_item(tree))


def attachment(tree):
    pub = draft(tree)
    return services.attachment_add(actor=None, publication=pub, confirmed=True,
                                   upload=SimpleUploadedFile("矩阵附件.pdf", b"%PDF-1.4 matrix"))


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


def _status(obj, status):
    return Publication.objects.filter(pk=obj.pk, status=status).exists()


ENDPOINTS = [
    Endpoint("portal api list", "api", "list", LEADER, draft, lambda o: f"{API}/publications", listed=_has),
    Endpoint("portal api detail", "api", "detail", LEADER, draft, lambda o: f"{API}/publications/{o.pk}"),
    Endpoint("portal api create", "api", "write", OFFICE, closed_item, lambda o: f"{API}/publications",
             method="post", ok=(201,), payload=lambda o, t: {"kind": "rectification", "ledger_item_id": o.pk},
             effect=lambda o: Publication.objects.filter(ledger_item=o).exists()),
    Endpoint("portal api update", "api", "write", OFFICE, draft, lambda o: f"{API}/publications/{o.pk}",
             method="patch", payload=lambda o, t: {"title": "矩阵改题", "body": "正文"},
             effect=lambda o: Publication.objects.filter(pk=o.pk, title="矩阵改题").exists()),
    Endpoint("portal api transition", "api", "write", OFFICE, draft,
             lambda o: f"{API}/publications/{o.pk}/transitions/publish", method="post", payload=lambda o, t: {},
             effect=lambda o: _status(o, "published")),
    Endpoint("portal api attachment add", "api", "write", OFFICE, draft,
             lambda o: f"{API}/publications/{o.pk}/attachments", method="post", ok=(201,),
             payload=lambda o, t: {"file": SimpleUploadedFile("矩阵上传.pdf", b"%PDF-1.4 up"), "confirmed": "true"},
             extra={"multipart": True},
             effect=lambda o: Attachment.objects.filter(object_id=o.pk, purpose="public", name="矩阵上传.pdf").exists()),
    Endpoint("portal api attachment delete", "api", "write", OFFICE, attachment,
             lambda o: f"{API}/publications/{getattr(o, 'object_id', 1)}/attachments/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not Attachment.objects.filter(pk=o.pk).exists()),
    Endpoint("portal api statement", "api", "write", RESPONDENT, lambda t: school(t["nanan"], name="矩阵说明学校"),
             lambda o: f"{API}/statements", method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.pk, "title": "矩阵整改情况说明", "body": "已整改"},
             effect=lambda o: Publication.objects.filter(unit=o, kind="statement").exists()),
    # ---- pages ----
    Endpoint("portal ui list", "ui", "list", LEADER, draft, lambda o: "/portal/",
             listed=lambda r, o: DESCRIPTION in r.content.decode()),
    Endpoint("portal ui detail", "ui", "detail", LEADER, draft, lambda o: f"/portal/{o.pk}/"),
    Endpoint("portal ui edit", "ui", "write", OFFICE, draft, lambda o: f"/portal/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"form": "edit", "title": "页面改题", "body": "正文"},
             effect=lambda o: Publication.objects.filter(pk=o.pk, title="页面改题").exists()),
    Endpoint("portal ui new", "ui", "write", OFFICE, closed_item, lambda o: "/portal/new/", method="post", ok=(302,),
             payload=lambda o, t: {"source": f"item:{o.pk}"},
             effect=lambda o: Publication.objects.filter(ledger_item=o).exists()),
    Endpoint("portal ui transition", "ui", "write", OFFICE, draft, lambda o: f"/portal/{o.pk}/transitions/publish/",
             method="post", ok=(302,), effect=lambda o: _status(o, "published")),
    Endpoint("portal ui statement", "ui", "write", RESPONDENT, lambda t: school(t["nanan"], name="矩阵说明学校"),
             lambda o: "/portal/statements/new/", method="post", ok=(302,),
             payload=lambda o, t: {"unit": o.pk, "title": "矩阵整改情况说明", "body": "已整改"},
             effect=lambda o: Publication.objects.filter(unit=o, kind="statement").exists()),
    Endpoint("portal ui attachment", "ui", "detail", LEADER, attachment, lambda o: f"/files/{o.pk}/"),
    Endpoint("portal ui attachment delete", "ui", "write", OFFICE, attachment,
             lambda o: f"/portal/attachments/{o.pk}/delete/", method="post", ok=(302,),
             effect=lambda o: not Attachment.objects.filter(pk=o.pk).exists()),
]
