"""Django forms for scenarios and unit costs; each adjustment is checked by the domain's own rule
(:meth:`cphub.forecast.scenario.Adjustment.check`) so the page and the core agree."""

from __future__ import annotations

from django import forms

from cphub.forecast.costs import DEFAULT_WEEKLY_COSTS
from cphub.forecast.scenario import MODES, TARGETS, Adjustment, ScenarioError
from cphub.forecast.states import BAND_NAMES, PLACEMENT_TYPES, TYPE_LABELS

BAND_CHOICES = [("", "All ages")] + [(str(i), name) for i, name in enumerate(BAND_NAMES)]
TYPE_CHOICES = [("", "Any")] + [(t, TYPE_LABELS[t]) for t in PLACEMENT_TYPES]
MAX_ADJUSTMENTS = 4


class ScenarioForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a name for the scenario"})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=2000)

    def __init__(self, *args, taken: set[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken or set()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the scenario")
        if name.lower() in {t.lower() for t in self.taken}:
            raise forms.ValidationError("A scenario with this name already exists: choose another name")
        return name


class AdjustmentForm(forms.Form):
    """One change; a row left with no value is ignored."""

    target = forms.ChoiceField(choices=[("", "No change")] + list(TARGETS.items()), required=False, label="Change")
    mode = forms.ChoiceField(choices=list(MODES.items()), initial="multiply", label="How")
    value = forms.DecimalField(required=False, max_digits=10, decimal_places=4, label="Value",
                               error_messages={"invalid": "Enter the value as a number, for example 1.1"})
    band = forms.ChoiceField(choices=BAND_CHOICES, required=False, label="Age band")
    from_type = forms.ChoiceField(choices=TYPE_CHOICES, required=False, label="From placement type")
    to_type = forms.ChoiceField(choices=TYPE_CHOICES, required=False, label="To placement type")

    def clean(self):
        data = super().clean()
        if not data.get("target") or "value" in self.errors:
            return data
        if data.get("value") is None:
            self.add_error("value", "Enter a value for this change")
            return data
        adj = self.adjustment()
        try:
            adj.check()
        except ScenarioError as exc:
            self.add_error("value", str(exc))
        return data

    def adjustment(self) -> Adjustment:
        d = self.cleaned_data
        return Adjustment(target=d["target"], mode=d["mode"], value=float(d["value"]),
                          bands=(int(d["band"]),) if d.get("band") not in (None, "") else (),
                          from_type=d.get("from_type") or None, to_type=d.get("to_type") or None)


AdjustmentFormSet = forms.formset_factory(AdjustmentForm, extra=MAX_ADJUSTMENTS, max_num=MAX_ADJUSTMENTS)


def adjustment_initial(adj: dict) -> dict:
    return {"target": adj["target"], "mode": adj["mode"], "value": adj["value"],
            "band": str(adj["bands"][0]) if adj.get("bands") else "", "from_type": adj.get("from_type") or "",
            "to_type": adj.get("to_type") or ""}


class CostsForm(forms.Form):
    inflation = forms.DecimalField(min_value=-10, max_value=50, max_digits=5, decimal_places=2,
                                   label="Inflation (per cent a year)",
                                   error_messages={"required": "Enter inflation, for example 3",
                                                   "invalid": "Enter inflation as a number, for example 3",
                                                   "min_value": "Inflation must be -10 or more",
                                                   "max_value": "Inflation must be 50 or less"})
    recruit_per_year = forms.IntegerField(min_value=0, max_value=500, label="Extra in-house fostering households "
                                          "recruited a year",
                                          error_messages={"required": "Enter a number of households, for example 0",
                                                          "invalid": "Enter a whole number of households",
                                                          "min_value": "Households must be 0 or more",
                                                          "max_value": "Households must be 500 or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for t in PLACEMENT_TYPES:
            self.fields[f"cost_{t}"] = forms.DecimalField(
                min_value=0, max_value=100000, max_digits=9, decimal_places=2,
                label=f"{TYPE_LABELS[t]} (pounds a week)", initial=DEFAULT_WEEKLY_COSTS[t],
                error_messages={"required": f"Enter a weekly cost for {TYPE_LABELS[t].lower()}",
                                "invalid": f"Enter the weekly cost for {TYPE_LABELS[t].lower()} as a number",
                                "min_value": "A weekly cost cannot be negative",
                                "max_value": "A weekly cost must be £100,000 or less"})

    def weekly(self) -> dict[str, float]:
        return {t: float(self.cleaned_data[f"cost_{t}"]) for t in PLACEMENT_TYPES}


def error_items(*forms_) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary."""
    items = []
    for f in forms_:
        for name, errs in f.errors.items():
            fid = f[name].id_for_label if name in f.fields else (f.prefix or "form")
            for e in errs:
                items.append((fid, e))
    return items
