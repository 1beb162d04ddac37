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


class _Linked:
    """A stored file as ``ClearableFileInput`` shows it: its name, linked to the scoped view."""

    def __init__(self, value, url):
        self.value, self.url = value, url

    def __str__(self):
        return str(self.value.name).rsplit("/", 1)[-1]

    def __bool__(self):
        return bool(self.value)


class ScopedClearableFileInput(forms.ClearableFileInput):
    """A model form's file input whose "currently" link goes to the scoped download view (no
    public /media/ URL): ``url`` is e.g. the attachment's ``get_absolute_url()`` (``/files/<id>/``)."""

    def __init__(self, attrs=None, url: str = ""):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = _Linked(value, self.url)
        return context
