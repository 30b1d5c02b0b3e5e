from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User

from cphub.web.accounts.models import GRANTS
from cphub.web.core.roles import ROLES

ROLE_CHOICES = [("", "Choose a role")] + list(ROLES.items())


class TokenForm(forms.Form):
    token = forms.RegexField(label="Code from your authenticator app", regex=r"^\s*\d{6}\s*$", max_length=12,
                             help_text="The 6-digit code the app shows now",
                             error_messages={"required": "Enter the 6-digit code from your authenticator app",
                                             "invalid": "Enter the code as 6 digits, for example 123456"})


class _PasswordPair(forms.Form):
    password1 = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput,
                                help_text="At least 12 characters; not a common password, not only numbers, "
                                          "not like the user name")
    password2 = forms.CharField(label="Password again", strip=False, widget=forms.PasswordInput)

    def _user_for_validation(self):
        return None

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match")
        elif p1:
            try:
                password_validation.validate_password(p1, self._user_for_validation())
            except forms.ValidationError as exc:
                for message in exc.messages:
                    self.add_error("password1", message)
        return data


class UserCreateForm(_PasswordPair):
    field_order = ("username", "email", "role", "social_worker_id", "password1", "password2")
    username = forms.RegexField(label="User name", regex=r"^[\w.@+-]{3,150}$", max_length=150,
                                error_messages={"invalid": "Use 3 to 150 letters, numbers and . @ + - _"})
    email = forms.EmailField(label="Work email (optional)", required=False)
    role = forms.ChoiceField(label="Role", choices=ROLE_CHOICES, error_messages={"required": "Choose a role"})
    social_worker_id = forms.CharField(label="Social worker id (social workers only)", required=False, max_length=20,
                                       help_text="Their SW_ID in the SSDA903 social-worker episodes: they see the "
                                                 "children on their caseload")

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("A user with this name already exists")
        return name

    def _user_for_validation(self):
        return User(username=self.cleaned_data.get("username", ""), email=self.cleaned_data.get("email", ""))


class UserEditForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=ROLE_CHOICES, error_messages={"required": "Choose a role"})
    is_active = forms.BooleanField(label="Account active (untick to disable sign-in)", required=False)
    social_worker_id = forms.CharField(label="Social worker id (social workers only)", required=False, max_length=20)
    grants = forms.MultipleChoiceField(label="Wider access", choices=GRANTS, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    reset_two_factor = forms.BooleanField(label="Reset two-factor (they enrol again at their next sign-in)",
                                          required=False)


class PasswordResetForm(_PasswordPair):
    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _user_for_validation(self):
        return self.user
