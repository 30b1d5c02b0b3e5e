from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cphub.web.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
