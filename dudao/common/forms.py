"""Form mixins and forms shared by every app (model-free).

One form system (docs/decisions/0005-forms.md): ``BootstrapMixin`` gives every widget its Bootstrap
class and its behaviour as data- attributes, and ``generic/_form_fields.html`` lays the fields out.
The behaviours are run by the one static module, ``dudao/static/dudao/behaviours.js``:

- selects of records (units, people, indicators: any ``ModelChoiceField``) and every multiple
  select get ``data-searchable`` — Tom Select (from npm, served locally) turns them into a search box
  when they are multiple or long; a short list stays a native select;
- date fields are native date inputs (``type="date"``, ISO value);
- no "label:" suffix; fields with errors are marked ``is-invalid`` and their messages shown under them.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

SEARCHABLE = "data-searchable"


def searchable(widget: forms.Widget, placeholder: str = "") -> forms.Widget:
    """Mark a select for the search box (any select, e.g. a ChoiceField of indicator codes)."""
    widget.attrs.setdefault(SEARCHABLE, "")
    if placeholder:
        widget.attrs.setdefault("data-placeholder", str(placeholder))
    return widget


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
                if isinstance(field, forms.ModelChoiceField) or isinstance(widget, forms.SelectMultiple):
                    searchable(widget)
            elif isinstance(widget, forms.FileInput):
                widget.attrs.setdefault("class", "form-control")
            else:
                widget.attrs.setdefault("class", "form-control")
                if isinstance(field, forms.DateField) and isinstance(widget, forms.DateInput) \
                        and not isinstance(widget, forms.DateTimeInput):
                    widget.input_type = "date"
                    widget.attrs.setdefault("type", "date")
                    widget.format = "%Y-%m-%d"

    def full_clean(self):
        super().full_clean()
        self._mark_invalid()

    def _mark_invalid(self):
        """Bootstrap shows a field's message and red border only when the control is ``is-invalid``."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes.split():
                    widget.attrs["class"] = f"{classes} is-invalid".strip()

    def add_service_errors(self, exc):
        """Attach a service's ValidationError to the right fields (or the form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)
        self._mark_invalid()


class WorkflowStepForm(BootstrapMixin, forms.Form):
    """One of an object's transitions offered to the user (``WORKFLOW.available(user, obj)``) with a
    note — the button form of every detail page whose machine runs on the kernel. An app subclasses
    it only to change the labels."""

    transition = forms.ChoiceField(label=_("办理"), choices=())
    note = forms.CharField(label=_("说明"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]


class SearchForm(BootstrapMixin, forms.Form):
    """A keyword box for a list page whose view does the filtering (``ObjectListView.filter_form``)."""

    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        return qs
