"""An inspector's photo and training certificates through the scoped download view
(``/files/field/inspector_photo/<pk>/``, ``/files/field/training_certificate/<pk>/``): whoever may
view the inspector (the office) fetches them. The public sign has its own view of the photo
(``public:photo``)."""

from dudao.attachments import registry

from .models import Inspector, TrainingRecord


def register() -> None:
    """Called from ``InspectorsConfig.ready``."""
    registry.register_file_field(registry.FileField(
        code="inspector_photo", model=Inspector, field="photo",
        visible=lambda user: Inspector.objects.for_user(user, "view")))
    registry.register_file_field(registry.FileField(
        code="training_certificate", model=TrainingRecord, field="certificate",
        visible=lambda user: TrainingRecord.objects.for_user(user, "view")))
