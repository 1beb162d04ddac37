"""Attachments' rows of the shared permission matrix (``tests/test_permission_matrix.py``): a file
of a 南岸区 school's ledger item is read by whoever may view the item (the leader in scope and the
city above; not the town below, the sibling district or a user without a role), and deleted by the
office while the item's step is open; an inspector's training certificate (owner type
``inspectors.training``) is read by whoever may view the inspector.

Uploading (``POST /api/v1/attachments``) is multipart, which the matrix's JSON calls cannot send:
``test_attachments.py::test_upload_rules_follow_the_step`` covers it (the school; the office, which
may not add the school's plan; another school; the sibling district; anonymous)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.attachments.services import attachment_add
from dudao.ledger import services
from dudao.testing import file_factories as ff
from dudao.testing.corps_matrix import inspector
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/attachments"
OWN_PATHS: set = {API}


def item_file(tree, f=None):
    unit = school(tree["nanan"], name="矩阵附件学校")
    it = services.ledger_item_create(actor=None, unit=unit, source="media", description="矩阵附件问题",
                                     category="safety", requirement="立即整改", deadline=datetime.date(2030, 1, 1))
    return attachment_add(actor=None, owner=it, purpose="plan", file=f or ff.pdf("矩阵附件.pdf"))


def item_photo(tree):
    return item_file(tree, ff.photo("矩阵照片.png"))


def certificate(tree):
    from dudao.inspectors.models import TrainingRecord
    from dudao.inspectors.services import training_certificate_set

    insp = inspector(tree)
    record = TrainingRecord.objects.create(inspector=insp, course="矩阵培训", kind="centralised", hours=8,
                                           date=datetime.date(2025, 5, 1))
    return training_certificate_set(actor=None, training=record, file=ff.pdf("结业证书.pdf"))


def _gone(obj):
    return not Attachment.objects.filter(pk=obj.pk).exists()


ENDPOINTS = [
    Endpoint("attachments api list", "api", "detail", LEADER, item_file,
             lambda o: f"{API}?owner=ledger.item&owner_id={getattr(o, 'object_id', 1)}"),
    Endpoint("attachments api detail", "api", "detail", LEADER, item_file, lambda o: f"{API}/{o.pk}"),
    Endpoint("attachments api download", "api", "detail", LEADER, item_file, lambda o: f"{API}/{o.pk}/download"),
    Endpoint("attachments api delete", "api", "write", OFFICE, item_file, lambda o: f"{API}/{o.pk}",
             method="delete", ok=(204,), effect=_gone),
    Endpoint("files ui download", "ui", "detail", LEADER, item_file, lambda o: f"/files/{o.pk}/"),
    Endpoint("files ui thumbnail", "ui", "detail", LEADER, item_photo, lambda o: f"/files/{o.pk}/thumb/"),
    Endpoint("files ui delete", "ui", "write", OFFICE, item_file, lambda o: f"/files/{o.pk}/delete/",
             method="post", ok=(302,), effect=_gone),
    Endpoint("files ui certificate download", "ui", "detail", OFFICE, certificate, lambda o: f"/files/{o.pk}/"),
]
