"""Form mixins and forms shared by every app (model-free)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_service_errors(self, exc):
        """Attach a service's ValidationError to the right fields (or the form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class SearchForm(BootstrapMixin, forms.Form):
    """A keyword box for a list page whose view does the filtering (``ObjectListView.filter_form``)."""

    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        return qs
