"""The value-map form: YAML that must build into a usable map (unknown code lists, wrong shapes are errors)."""

from __future__ import annotations

import yaml
from django import forms

from cphub.ssd.valuemaps import ValueMapError, build

MAX_MAP_BYTES = 200_000


class ValueMapForm(forms.Form):
    text = forms.CharField(label="Value map (YAML)", widget=forms.Textarea(attrs={"rows": 24}),
                           help_text="Start from 'extends: liquid_logic' or 'extends: mosaic' and add your case "
                                     "system's wording under 'fields'. Each saved version is kept.",
                           max_length=MAX_MAP_BYTES,
                           error_messages={"required": "Enter the value map",
                                           "max_length": "The value map must be shorter than 200,000 characters"})
    note = forms.CharField(label="What changed (optional)", required=False, max_length=200)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" on line {mark.line + 1}" if mark is not None else ""
            raise forms.ValidationError(f"The value map is not valid YAML{where}") from exc
        try:
            build(raw)
        except ValueMapError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text
