"""Files of activities, selection entries and self-inspections (``dudao.attachments``): photos,
minutes, the submitted case or paper, inspection records. Whoever may change the owner adds them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .models import Activity, SelectionEntry, SelfInspection


def _may(model, action):
    def may_add(user, obj, purpose):
        return model.objects.for_user(user, action).filter(pk=obj.pk).exists()

    return may_add


def register() -> None:
    registry.register(registry.OwnerType(
        code="workplaces.activity", model=Activity, purposes={"material": gettext_lazy("活动材料")},
        may_add=_may(Activity, "add"), may_delete_any=lambda u, o: _may(Activity, "add")(u, o, "material")))
    registry.register(registry.OwnerType(
        code="workplaces.entry", model=SelectionEntry, purposes={"work": gettext_lazy("作品文本")},
        may_add=_may(SelectionEntry, "change"), may_delete_any=lambda u, o: _may(SelectionEntry, "change")(u, o, "work")))
    registry.register(registry.OwnerType(
        code="workplaces.selfinspection", model=SelfInspection, purposes={"record": gettext_lazy("督导记录材料")},
        may_add=_may(SelfInspection, "change"),
        may_delete_any=lambda u, o: _may(SelfInspection, "change")(u, o, "record")))
