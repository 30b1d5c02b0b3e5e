"""The panel paper's cover fields and summary, edited per pack edition (issue 11, item 3)."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from cphub.web.scorecard.models import PackEdition

MAX_SENTENCE = 600


class CoverForm(forms.ModelForm):
    class Meta:
        model = PackEdition
        fields = ("meeting_name", "meeting", "author", "version", "status", "action_required")
        labels: ClassVar = {"meeting_name": "Meeting", "meeting": "Date of the meeting", "author": "Author",
                  "version": "Version", "status": "Status", "action_required": "Action required"}
        help_texts: ClassVar = {"meeting": "For example 2026-12-03", "author": "Name and job title",
                      "status": "The public version of the pack is always marked Public"}
        widgets: ClassVar = {"meeting": forms.DateInput(attrs={"type": "date"})}

    def clean_version(self):
        v = self.cleaned_data["version"].strip()
        if not v:
            raise forms.ValidationError("Enter the version, for example 0.1")
        return v


class SummaryForm(forms.Form):
    """One text box per summary sentence, each tied to the measure it is about (blank: leave it out)."""

    def __init__(self, *args, sentences: list[tuple[str, str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = []
        for i, (measure_id, title, text) in enumerate(sentences):
            self.fields[f"s{i}"] = forms.CharField(label=f"About: {title}", initial=text, required=False,
                                                   max_length=MAX_SENTENCE, widget=forms.Textarea(attrs={"rows": 2}))
            self.measures.append(measure_id)

    def sentences(self) -> list[dict]:
        return [{"measure": mid, "text": self.cleaned_data[f"s{i}"].strip()}
                for i, mid in enumerate(self.measures) if self.cleaned_data[f"s{i}"].strip()]
