from django import forms

from cphub.web.audit.models import ACTIONS


class AuditSearchForm(forms.Form):
    who = forms.CharField(label="User name", required=False, max_length=150)
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any")] + ACTIONS)
    what = forms.CharField(label="What (contains)", required=False, max_length=150)
    child = forms.CharField(label="Child id", required=False, max_length=40)
    date_from = forms.DateField(label="From date", required=False, help_text="For example 2026-01-31",
                                error_messages={"invalid": "Enter the from date as year-month-day, for example 2026-01-31"})
    date_to = forms.DateField(label="To date", required=False, help_text="For example 2026-02-28",
                              error_messages={"invalid": "Enter the to date as year-month-day, for example 2026-02-28"})

    def filter(self, q):
        d = self.cleaned_data
        if d.get("who"):
            q = q.filter(username__iexact=d["who"])
        if d.get("action"):
            q = q.filter(action=d["action"])
        if d.get("what"):
            q = q.filter(what__icontains=d["what"])
        if d.get("child"):
            q = q.filter(children__contains="," + d["child"] + ",")
        if d.get("date_from"):
            q = q.filter(when__date__gte=d["date_from"])
        if d.get("date_to"):
            q = q.filter(when__date__lte=d["date_to"])
        return q
