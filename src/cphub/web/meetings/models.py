"""The panel's business: members, municipal years, meetings, agenda items and their reports, declarations,
attendance, minutes (with every saved version kept), actions with their update history, the reporting
schedule, the assurance framework and kinship self-assessment judgements, children's voice and complaints.
Rules live in :mod:`cphub.meetings`; these are the records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cphub.meetings import actions as A
from cphub.meetings import attendance as ATT
from cphub.meetings import complaints as C
from cphub.meetings import kinship_strategy as KS
from cphub.meetings import lga
from cphub.meetings import schedule as S

USER = settings.AUTH_USER_MODEL


class MunicipalYear(models.Model):
    label = models.CharField(max_length=20, unique=True, help_text="For example 2023/24")
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.label


class Member(models.Model):
    VOTING, NON_VOTING, SUBSTITUTE = "voting", "non_voting", "substitute"
    KINDS = [(VOTING, "Voting member (councillor)"), (NON_VOTING, "Non-voting member"),
             (SUBSTITUTE, "Substitute")]
    name = models.CharField(max_length=120, help_text="As printed in the pack, for example 'Councillor Hulme'")
    surname = models.CharField(max_length=60, help_text="As the attendance record prints it, for example 'Hulme'")
    kind = models.CharField(max_length=12, choices=KINDS, default=VOTING)
    organisation = models.CharField(max_length=120, blank=True)
    role_title = models.CharField("Role", max_length=120, blank=True)
    chair = models.BooleanField(default=False)
    substitute_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "surname"]

    def __str__(self) -> str:
        return self.name + (" (Chair)" if self.chair else "")


class Meeting(models.Model):
    municipal_year = models.ForeignKey(MunicipalYear, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    time = models.TimeField()
    venue = models.CharField(max_length=200)
    workshop = models.BooleanField(default=False, help_text="A workshop, as the attendance record labels it")
    clerk = models.CharField("Democratic services officer", max_length=120, blank=True)
    clerk_contact = models.CharField("Officer's contact", max_length=120, blank=True)
    issued = models.DateField("Date of issue", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "time"]

    def __str__(self) -> str:
        return f"{'Workshop' if self.workshop else 'Meeting'} on {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    NONE, SCORECARD, VS_REPORT, UPLOAD, PREVIOUS_MINUTES, ATTENDANCE, ACTIONS = (
        "none", "scorecard", "vs_report", "upload", "previous_minutes", "attendance", "actions")
    REPORTS = [(NONE, "No paper (verbal item or business)"), (SCORECARD, "A scorecard edition"),
               (VS_REPORT, "The Virtual School annual report"), (UPLOAD, "An uploaded PDF"),
               (PREVIOUS_MINUTES, "The minutes of the previous meeting"),
               (ATTENDANCE, "The members' attendance record"), (ACTIONS, "The actions log")]
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, help_text="Printed under the title, for example the declarations wording")
    lead = models.CharField(max_length=120, blank=True)
    private = models.BooleanField("Not for publication", default=False)
    report = models.CharField(max_length=20, choices=REPORTS, default=NONE)
    edition = models.ForeignKey("scorecard.PackEdition", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="agenda_items")
    vs_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Academic year the report ends")
    document = models.BinaryField(null=True, blank=True, editable=True)
    document_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="meetings_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Declaration(models.Model):
    KINDS = [("dpi", "Disclosable pecuniary interest"), ("personal", "Personal interest"),
             ("other", "Other registrable interest")]
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=KINDS, default="personal")
    text = models.CharField(max_length=500, help_text="For example 'as her niece works for the children's trust'")

    class Meta:
        ordering = ["id"]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    code = models.CharField(max_length=2, choices=[(k, f"{k}: {v}") for k, v in ATT.CODES.items()])
    substitute = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   help_text="Who attended in the member's place")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meetings_attendance_once")]


class Minutes(models.Model):
    DRAFT, APPROVED = "draft", "approved"
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=10, choices=[(DRAFT, "Draft"), (APPROVED, "Approved")], default=DRAFT)
    in_attendance = models.TextField(blank=True, help_text="Officers and others in attendance, one a line")
    opened = models.TimeField(null=True, blank=True)
    closed = models.TimeField(null=True, blank=True)
    approved_at = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="The meeting that agreed them as a correct record")
    approved_on = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    @property
    def locked(self) -> bool:
        return self.status == self.APPROVED


class MinuteItem(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.PositiveIntegerField(help_text="Continues across the municipal year")
    title = models.CharField(max_length=200)
    private = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    resolution = models.TextField(blank=True, help_text="Printed after 'The Panel Resolved to:'")

    class Meta:
        ordering = ["number"]


class MinutesVersion(models.Model):
    """Every saved state of the minutes (changes kept): who saved it, when, and the text as it was."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    saved = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.CharField(max_length=200)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-saved", "-id"]


class Action(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    minute = models.ForeignKey(MinuteItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField("Action", max_length=500)
    owner = models.CharField(max_length=120)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=list(A.STATUSES.items()), default=A.OPEN)
    question = models.CharField("LGA question", max_length=40, blank=True,
                                choices=[("", "None")] + [(q.id, q.text) for q in lga.QUESTIONS])
    commitment = models.CharField("Kinship strategy commitment", max_length=40, blank=True,
                                  choices=[("", "None")] + [(c.id, c.text) for c in KS.COMMITMENTS])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]

    def state(self) -> A.ActionState:
        return A.ActionState(self.pk, self.meeting.date, self.due, self.status)


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=12, choices=list(A.STATUSES.items()))
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["on", "id"]


class ScheduledReport(models.Model):
    municipal_year = models.ForeignKey(MunicipalYear, on_delete=models.CASCADE, related_name="schedule")
    report_type = models.CharField(max_length=20, choices=[(r.id, r.title) for r in S.REPORT_TYPES])
    title = models.CharField(max_length=200, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="scheduled_reports")
    author = models.CharField(max_length=120)
    author_email = models.EmailField()
    received = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting__date", "report_type"]

    def display_title(self) -> str:
        return self.title or S.BY_ID[self.report_type].title


class AssuranceJudgement(models.Model):
    question = models.CharField(max_length=40, choices=[(q.id, q.text) for q in lga.QUESTIONS])
    rag = models.CharField("Judgement", max_length=6, choices=list(lga.RAG.items()))
    on = models.DateField()
    author = models.CharField(max_length=120)
    note = models.TextField()

    class Meta:
        ordering = ["-on", "-id"]


class AssuranceEvidence(models.Model):
    question = models.CharField(max_length=40, choices=[(q.id, q.text) for q in lga.QUESTIONS])
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    minute = models.ForeignKey(MinuteItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.CharField(max_length=300)
    received = models.DateField()

    class Meta:
        ordering = ["-received", "-id"]


class KinshipAssessment(models.Model):
    commitment = models.CharField(max_length=40, choices=[(c.id, c.text) for c in KS.COMMITMENTS])
    rating = models.CharField(max_length=16, choices=list(KS.RATINGS.items()))
    on = models.DateField()
    author = models.CharField(max_length=120)
    evidence = models.TextField()

    class Meta:
        ordering = ["-on", "-id"]


class VoiceFeedback(models.Model):
    SOURCES = [("cicc", "Children in care council"), ("survey", "Survey"), ("advocate", "Advocate"),
               ("story", "Young person's story"), ("other", "Other")]
    received = models.DateField()
    source = models.CharField(max_length=10, choices=SOURCES)
    theme = models.CharField(max_length=20, choices=list(C.THEMES.items()))
    said = models.TextField("You said", help_text="Anonymised: no names, schools or places")
    response = models.TextField("We did", blank=True)
    change_made = models.CharField(max_length=300, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    minute = models.ForeignKey(MinuteItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received", "-id"]


class Complaint(models.Model):
    reference = models.CharField(max_length=30, unique=True, help_text="The complaints team's reference, not a name")
    received = models.DateField()
    stage = models.PositiveSmallIntegerField(choices=list(C.STAGES.items()))
    advocate = models.BooleanField("Made with an advocate", default=False)
    themes = models.JSONField(default=list)
    outcome = models.CharField(max_length=12, choices=list(C.OUTCOMES.items()), default="open")
    responded = models.DateField(null=True, blank=True)
    timescale_met = models.BooleanField(null=True, blank=True)
    learning = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received", "-id"]

    def facts(self) -> C.ComplaintFacts:
        return C.ComplaintFacts(self.stage, self.advocate, tuple(self.themes), self.outcome, self.timescale_met)
