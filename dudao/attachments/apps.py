from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    """附件: one file model for every record (a ledger item's plan, report and re-check photos, a
    visit's photos, a task's files …). Owner apps register their owner types in their own
    ``AppConfig.ready`` (``dudao.attachments.registry.register``); this app imports none of them."""

    name = "dudao.attachments"
    label = "attachments"
    verbose_name = _("附件")
    default_auto_field = "django.db.models.BigAutoField"
