"""Forms for the panel's business. Django forms (GOV.UK markup from the shared field partial); nothing is saved
unless the whole form is valid. Text refuses hidden control characters."""

from __future__ import annotations

from django import forms

from cphub.meetings import attendance as ATT
from cphub.meetings import complaints as C
from cphub.web.kinship.forms import TextCleaning
from cphub.web.meetings import models as M

MAX_UPLOAD = 20 * 1024 * 1024
DATE_HELP = "For example 2025-07-17"


class DateInput(forms.DateInput):
    input_type = "text"


def _date(label: str, required: bool = True, help_text: str = DATE_HELP) -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text,
                           input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                           error_messages={"invalid": f"{label} must be a real date, like 2025-07-17",
                                           "required": f"Enter the {label.lower()}"})


class MeetingForm(TextCleaning, forms.ModelForm):
    date = _date("Date of the meeting")
    time = forms.TimeField(label="Start time", help_text="24-hour clock, for example 17:30", input_formats=["%H:%M"],
                           error_messages={"invalid": "Enter the start time like 17:30",
                                           "required": "Enter the start time"})
    issued = _date("Date of issue", required=False, help_text="When the pack is sent out (optional)")

    class Meta:
        model = M.Meeting
        fields = ["date", "time", "venue", "workshop", "clerk", "clerk_contact", "issued"]
        error_messages = {"venue": {"required": "Enter the venue"}}


class MemberForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = M.Member
        fields = ["name", "surname", "kind", "organisation", "role_title", "chair", "substitute_for", "active"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter the member's name"},
                          "surname": {"required": "Enter the surname the attendance record prints"}}


class AgendaItemForm(TextCleaning, forms.ModelForm):
    upload = forms.FileField(label="Upload the report (PDF)", required=False,
                             help_text="Only when the paper is an uploaded PDF. Up to 20 MB.")

    class Meta:
        model = M.AgendaItem
        fields = ["number", "title", "lead", "note", "private", "report", "edition", "vs_year"]
        labels = {"report": "Paper for this item", "edition": "Scorecard edition", "vs_year": "Virtual School report year"}
        widgets = {"report": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "Enter the item's title"},
                          "number": {"required": "Enter the item number"}}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["edition"].required = False
        self.fields["edition"].empty_label = "Choose an edition"

    def clean_upload(self):
        f = self.cleaned_data.get("upload")
        if not f:
            return None
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be 20 MB or smaller")
        head = f.read(5)
        f.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("The file must be a PDF")
        return f

    def clean(self):
        data = super().clean()
        report = data.get("report")
        if report == M.AgendaItem.SCORECARD and not data.get("edition"):
            self.add_error("edition", "Choose the scorecard edition for this item")
        if report == M.AgendaItem.UPLOAD and not data.get("upload") and not (self.instance.pk and self.instance.document):
            self.add_error("upload", "Choose the PDF to upload")
        if report == M.AgendaItem.VS_REPORT and not data.get("vs_year"):
            self.add_error("vs_year", "Enter the year the Virtual School report's academic year ends, like 2025")
        number = data.get("number")
        if number and self.meeting is not None:
            clash = M.AgendaItem.objects.filter(meeting=self.meeting, number=number).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("number", f"Item {number} is already on this agenda")
        return data


class DeclarationForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = M.Declaration
        fields = ["member", "item", "kind", "text"]
        labels = {"text": "Nature of the interest", "item": "Agenda item (optional)", "kind": "Type of interest"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"text": {"required": "Enter the nature of the interest"},
                          "member": {"required": "Choose the member"}}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = M.AgendaItem.objects.filter(meeting=meeting)
        self.fields["item"].required = False


def attendance_form(meeting: M.Meeting, data=None) -> forms.Form:
    """One choice per active member: P, P*, Ap, Ab (or not recorded)."""
    fields = {}
    current = {a.member_id: a.code for a in meeting.attendance.all()}
    for m in M.Member.objects.filter(active=True):
        fields[f"m{m.pk}"] = forms.ChoiceField(label=str(m), required=False, initial=current.get(m.pk, ""),
                                               choices=[("", "Not recorded")] + [(k, f"{k}: {v}") for k, v in ATT.CODES.items()])
    form_cls = type("AttendanceForm", (forms.Form,), fields)
    return form_cls(data)


class MinutesHeadForm(TextCleaning, forms.ModelForm):
    opened = forms.TimeField(label="Meeting opened", required=False, input_formats=["%H:%M"],
                             error_messages={"invalid": "Enter the time the meeting opened like 17:35"})
    closed = forms.TimeField(label="Meeting closed", required=False, input_formats=["%H:%M"],
                             error_messages={"invalid": "Enter the time the meeting closed like 20:29"})

    class Meta:
        model = M.Minutes
        fields = ["in_attendance", "opened", "closed"]
        widgets = {"in_attendance": forms.Textarea(attrs={"rows": 4})}


class MinuteItemForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = M.MinuteItem
        fields = ["title", "text", "resolution"]
        labels = {"text": "Minute", "resolution": "The Panel Resolved to"}
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "resolution": forms.Textarea(attrs={"rows": 2})}


class ApproveForm(forms.Form):
    at = forms.ModelChoiceField(label="Agreed as a correct record at the meeting on", queryset=M.Meeting.objects.none(),
                                empty_label="Choose the meeting",
                                error_messages={"required": "Choose the meeting that agreed the minutes"})

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = M.Meeting.objects.filter(date__gt=meeting.date)


class ActionForm(TextCleaning, forms.ModelForm):
    due = _date("Due date", required=False)

    class Meta:
        model = M.Action
        fields = ["text", "owner", "due", "question", "commitment"]
        error_messages = {"text": {"required": "Enter the action"}, "owner": {"required": "Enter who owns it"}}


class ActionUpdateForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = M.ActionUpdate
        fields = ["status", "text"]
        labels = {"text": "Update"}
        widgets = {"status": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}


class ScheduledReportForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = M.ScheduledReport
        fields = ["report_type", "title", "meeting", "author", "author_email", "received"]
        labels = {"title": "Title (optional)", "received": "The paper has been received"}
        error_messages = {"author": {"required": "Enter the author"},
                          "author_email": {"required": "Enter the author's email address",
                                           "invalid": "Enter an email address like name@example.gov.uk"}}


class JudgementForm(TextCleaning, forms.ModelForm):
    on = _date("Date of the judgement")

    class Meta:
        model = M.AssuranceJudgement
        fields = ["rag", "on", "author", "note"]
        labels = {"note": "Why: the evidence and what is still needed"}
        widgets = {"rag": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"rag": {"required": "Choose a judgement"}, "author": {"required": "Enter the author"},
                          "note": {"required": "Say why"}}


class EvidenceForm(TextCleaning, forms.ModelForm):
    received = _date("Date received")

    class Meta:
        model = M.AssuranceEvidence
        fields = ["description", "item", "received"]
        labels = {"item": "Agenda item (optional)"}
        error_messages = {"description": {"required": "Describe the evidence"}}


class KinshipAssessmentForm(TextCleaning, forms.ModelForm):
    on = _date("Date of the assessment")

    class Meta:
        model = M.KinshipAssessment
        fields = ["rating", "on", "author", "evidence"]
        widgets = {"rating": forms.RadioSelect, "evidence": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"rating": {"required": "Choose a rating"}, "author": {"required": "Enter the author"},
                          "evidence": {"required": "Give the evidence for the rating"}}


class VoiceForm(TextCleaning, forms.ModelForm):
    received = _date("Date received")
    responded_on = _date("Date of the response", required=False)

    class Meta:
        model = M.VoiceFeedback
        fields = ["received", "source", "theme", "said", "response", "change_made", "responded_on"]
        widgets = {"said": forms.Textarea(attrs={"rows": 3}), "response": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"said": {"required": "Enter what the children and young people said"}}

    def clean(self):
        data = super().clean()
        if data.get("response") and not data.get("responded_on"):
            self.add_error("responded_on", "Enter the date of the response")
        return data


class ComplaintForm(TextCleaning, forms.ModelForm):
    received = _date("Date received")
    responded = _date("Date of the response", required=False)
    themes = forms.MultipleChoiceField(choices=list(C.THEMES.items()), widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose at least one theme"})
    timescale_met = forms.TypedChoiceField(label="Answered within the timescale", required=False,
                                           choices=[("", "Not yet answered"), ("yes", "Yes"), ("no", "No")],
                                           coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None)

    class Meta:
        model = M.Complaint
        fields = ["reference", "received", "stage", "advocate", "themes", "outcome", "responded", "timescale_met",
                  "learning"]
        labels = {"learning": "Learning from the complaint (no names)"}
        widgets = {"learning": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"reference": {"required": "Enter the complaints team's reference",
                                        "unique": "A complaint with this reference is already recorded"}}
