"""Forms for the public request and booking pages and the staff pages. Every text field refuses control
characters and over-long input with a plain message; nothing is saved unless the whole form is valid."""

from __future__ import annotations

import json
import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from cphub.kinship.entitlements import RuleError, check_rule
from cphub.web.kinship import models as m

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PHONE = re.compile(r"^[0-9 +()-]{6,20}$")


def clean_text(value: str, label: str) -> str:
    if CONTROL.search(value or ""):
        raise forms.ValidationError(f"{label} must not contain hidden control characters")
    return (value or "").strip()


class TextCleaning:
    """Mixin: run :func:`clean_text` over every char field."""

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and isinstance(data.get(name), str):
                try:
                    data[name] = clean_text(data[name], field.label or name)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data


class AdviceRequestForm(TextCleaning, forms.ModelForm):
    consent = forms.BooleanField(
        label="I agree that the Virtual School may keep these details to answer my request and may contact the "
              "child's school about it",
        error_messages={"required": "Tick the box to agree, or we cannot answer your request"})

    class Meta:
        model = m.AdviceRequest
        fields = ["carer_name", "email", "phone", "order_type", "school", "year_group", "topic", "question", "consent"]
        labels = {"carer_name": "Your full name", "email": "Email address", "phone": "Phone number (optional)",
                  "order_type": "Which order do you have?", "school": "Name of the child's school or college",
                  "year_group": "The child's year group", "topic": "What is your question about?",
                  "question": "Your question"}
        help_texts = {"email": "We will only use this to reply to you.",
                      "question": "Do not include the child's full name. You can use up to 2,000 characters.",
                      "school": "Write 'none' if the child is not in school."}
        widgets = {"order_type": forms.RadioSelect, "topic": forms.RadioSelect,
                   "question": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "carer_name": {"required": "Enter your full name",
                           "max_length": "Your name must be 100 characters or fewer"},
            "email": {"required": "Enter your email address",
                      "invalid": "Enter an email address in the correct format, like name@example.com"},
            "order_type": {"required": "Select which order you have", "invalid_choice": "Select which order you have"},
            "school": {"required": "Enter the name of the child's school or college",
                       "max_length": "The school name must be 120 characters or fewer"},
            "year_group": {"required": "Select the child's year group",
                           "invalid_choice": "Select the child's year group"},
            "topic": {"required": "Select what your question is about",
                      "invalid_choice": "Select what your question is about"},
            "question": {"required": "Enter your question",
                         "max_length": "Your question must be 2,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order_type"].choices = m.ORDER_TYPES  # radios: no blank choice
        self.fields["topic"].choices = m.TOPICS
        self.fields["year_group"].choices = [("", "Select the year group")] + m.YEAR_GROUPS

    def clean_phone(self):
        v = self.cleaned_data.get("phone", "").strip()
        if v and not PHONE.match(v):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001, or leave it blank")
        return v

    def clean_question(self):
        v = self.cleaned_data.get("question", "")
        if len(v) > 2000:
            raise forms.ValidationError("Your question must be 2,000 characters or fewer")
        return v


class BookingForm(TextCleaning, forms.ModelForm):
    places = forms.TypedChoiceField(choices=[(i, str(i)) for i in range(1, 5)], coerce=int, label="Number of places",
                                    error_messages={"required": "Select the number of places",
                                                    "invalid_choice": "Select between 1 and 4 places"})

    class Meta:
        model = m.Booking
        fields = ["name", "email", "places"]
        labels = {"name": "Your full name", "email": "Email address"}
        help_texts = {"email": "We only use this to confirm your place and tell you about changes to the event."}
        error_messages = {"name": {"required": "Enter your full name",
                                   "max_length": "Your name must be 100 characters or fewer"},
                          "email": {"required": "Enter your email address",
                                    "invalid": "Enter an email address in the correct format, like name@example.com"}}


def _staff():
    from cphub.web.core.roles import CAPABILITIES

    return get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name__in=CAPABILITIES["kinship_queue"]) | Q(is_superuser=True)).distinct()


class RequestUpdateForm(forms.ModelForm):
    class Meta:
        model = m.AdviceRequest
        fields = ["assigned_to", "status", "outcome"]
        labels = {"assigned_to": "Assigned to", "status": "Status", "outcome": "Outcome"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _staff()
        self.fields["assigned_to"].empty_label = "Not assigned"

    def clean(self):
        data = super().clean()
        if data.get("status") == "closed" and not data.get("outcome"):
            self.add_error("outcome", "Select an outcome before closing the request")
        return data


class NoteForm(TextCleaning, forms.Form):
    text = forms.CharField(label="Add a note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the note"})


class RespondForm(TextCleaning, forms.Form):
    subject = forms.CharField(label="Subject", max_length=150, error_messages={"required": "Enter a subject"})
    body = forms.CharField(label="Message to the carer", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "Enter the message"})


class SettingsForm(forms.ModelForm):
    class Meta:
        model = m.KinshipSettings
        fields = ["target_days_first_response", "allowance_pathfinder", "virtual_school_name", "contact_email",
                  "contact_phone", "contact_hours", "private_fostering_contact"]
        labels = {"target_days_first_response": "Target days to first response",
                  "allowance_pathfinder": "The council is in the kinship allowance pathfinder",
                  "virtual_school_name": "Virtual School name",
                  "contact_email": "Virtual School email address",
                  "contact_phone": "Virtual School phone number",
                  "contact_hours": "When the phone is answered",
                  "private_fostering_contact": "Who carers tell about private fostering"}


class RuleField(forms.CharField):
    """A rule in the rule language, typed as JSON; checked with :func:`check_rule`."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            rule = json.loads(value)
        except json.JSONDecodeError:
            rule = value.strip().strip('"')
        try:
            check_rule(rule)
        except RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return rule

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value)


class LocalOfferForm(TextCleaning, forms.ModelForm):
    rule = RuleField(label="Who qualifies (rule)", max_length=2000,
                     help_text='A condition name such as kinship or sgo, or JSON such as {"any": ["sgo", "cao"]}.')

    class Meta:
        model = m.LocalOfferItem
        fields = ["slug", "name", "rule", "gives", "how", "source", "date", "position", "active"]
        labels = {"slug": "Short identifier", "name": "Name", "gives": "What it gives", "how": "How to get it",
                  "source": "Source document", "date": "Date of the source", "position": "Order on the page",
                  "active": "Show to carers"}
        widgets = {"gives": forms.Textarea(attrs={"rows": 3}), "how": forms.Textarea(attrs={"rows": 3})}


class TemplateForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = m.ResponseTemplate
        fields = ["title", "subject", "body"]
        help_texts = {"body": "{name} and {reference} are replaced with the carer's name and the request reference."}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class EventForm(TextCleaning, forms.ModelForm):
    starts = forms.DateTimeField(label="Starts (date and time, like 2026-12-10 11:00)",
                                 input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
                                 widget=forms.DateTimeInput(attrs={"class": "govuk-input govuk-input--width-10"},
                                                            format="%Y-%m-%d %H:%M"),
                                 error_messages={"invalid": "Enter the start as a date and time, "
                                                            "like 2026-12-10 11:00"})

    class Meta:
        model = m.Event
        fields = ["title", "kind", "starts", "duration_minutes", "location", "description", "capacity", "published"]
        labels = {"duration_minutes": "Length in minutes", "published": "Show on the public events page"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
