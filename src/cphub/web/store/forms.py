"""Forms of the imports pages."""

from __future__ import annotations

from django import forms

from cphub.reference.ofsted import MAX_BYTES

OFSTED_SUFFIXES = (".csv", ".xlsx")


class OfstedListForm(forms.Form):
    """Ofsted's provider list: one CSV or XLSX file (read and checked by :func:`cphub.web.store.ofsted.import_providers`)."""

    file = forms.FileField(required=True, error_messages={"required": "Select Ofsted's provider list (a CSV or XLSX file)",
                                                        "empty": "The selected file is empty"})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(OFSTED_SUFFIXES):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_BYTES // 2**20} MB")
        if f.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return f
