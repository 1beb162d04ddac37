from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dudao.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from . import recorder

        recorder.connect()
        from dudao.common import exports

        exports.register(recorder.record_export)
        from dudao.common import bulk

        bulk.register(recorder.record_created_many)
