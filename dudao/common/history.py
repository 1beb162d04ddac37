"""The shared shape of a history line ("办理记录"): one row per step of a workflow, append-only —
what happened (``action``), who, a note, when. Concrete event models add the foreign key to their
object and ``Meta`` (ordering and index on the object, then time); they may redeclare
``from_status``/``to_status`` with their own choices. ``dudao.common.workflow.Workflow.log`` writes
every row.

``action_label`` reads the action as users do: the label of a transition of the workflow
(``transition_labels()``), else one of ``EVENT_LABELS`` (the other events), else the code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEvent(models.Model):
    action = models.CharField(_("事项"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    #: Labels of the actions that are not transitions of the workflow.
    EVENT_LABELS: dict = {}

    class Meta:
        abstract = True

    @classmethod
    def transition_labels(cls) -> dict:
        """{transition name: label} of the object's workflow (imported lazily by subclasses)."""
        return {}

    @property
    def action_label(self) -> str:
        labels = self.transition_labels()
        if self.action in labels:
            return str(labels[self.action])
        return str(self.EVENT_LABELS.get(self.action, self.action))
