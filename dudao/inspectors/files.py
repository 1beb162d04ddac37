"""An inspector's files are attachments (``dudao.attachments``): the photo (owner type
``inspectors.inspector``, purpose ``photo``, JPG or PNG, at most one) and a training record's
结业证书 (owner type ``inspectors.training``, purpose ``certificate``, PDF, JPG or PNG, at most one).
Whoever may view the inspector fetches them through ``/files/<id>/`` (the card shows the photo's
thumbnail); the public school page and the gate sign have their own view of the current
responsible inspector's photo (``public:photo``). An upload replaces the file, so both owner types
take writes only from ``services.inspector_photo_set`` / ``training_certificate_set``
(``generic_writes=False``); the API twins are ``/api/v1/inspectors/{id}/photo`` and
``/api/v1/inspectors/training/{id}/certificate``."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from dudao.attachments import registry
from dudao.attachments.models import Attachment
from dudao.attachments.services import for_owner

from .models import Inspector, TrainingRecord

PHOTO, CERTIFICATE = "photo", "certificate"
#: purpose → the MIME types accepted (the content is sniffed by the attachments app)
ACCEPTED = {PHOTO: ("image/jpeg", "image/png"), CERTIFICATE: ("application/pdf", "image/jpeg", "image/png")}
ACCEPT_ATTR = {PHOTO: "image/jpeg,image/png,.jpg,.jpeg,.png",
               CERTIFICATE: "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}


def _may_change(user, inspector) -> bool:
    return Inspector.objects.for_user(user, "change").filter(pk=inspector.pk).exists()


def register() -> None:
    """Called from ``InspectorsConfig.ready``."""
    registry.register(registry.OwnerType(
        code="inspectors.inspector", model=Inspector, purposes={PHOTO: _("照片")},
        may_add=lambda user, inspector, purpose: _may_change(user, inspector), generic_writes=False))
    registry.register(registry.OwnerType(
        code="inspectors.training", model=TrainingRecord, purposes={CERTIFICATE: _("结业证书")},
        may_add=lambda user, training, purpose: _may_change(user, training.inspector), generic_writes=False))


def photo_of(inspector: Inspector) -> Attachment | None:
    return for_owner(inspector, PHOTO).order_by("-id").first()


def certificate_of(training: TrainingRecord) -> Attachment | None:
    return for_owner(training, CERTIFICATE).order_by("-id").first()


def _latest(model, purpose: str, ids) -> dict[int, Attachment]:
    ids = list(ids)
    if not ids:
        return {}
    rows = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids,
                                     purpose=purpose).order_by("object_id", "id")
    return {att.object_id: att for att in rows}  # the newest wins


def photos_for(inspector_ids) -> dict[int, Attachment]:
    """``{inspector id: photo}`` for several inspectors (one query)."""
    return _latest(Inspector, PHOTO, inspector_ids)


def certificates_for(training_ids) -> dict[int, Attachment]:
    """``{training record id: certificate}`` (one query)."""
    return _latest(TrainingRecord, CERTIFICATE, training_ids)
