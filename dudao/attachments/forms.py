"""A file input for several files (``multiple``), with ``accept`` set for phones (the camera or the
gallery for images, PDFs and Office files from storage). The service checks the content."""

from django import forms

from .sniff import ACCEPT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Cleans to a list of uploaded files (empty when none was chosen)."""

    def __init__(self, *args, accept: str = ACCEPT, capture: str | None = None, **kwargs):
        attrs = {"accept": accept, "multiple": True}
        if capture:
            attrs["capture"] = capture
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
