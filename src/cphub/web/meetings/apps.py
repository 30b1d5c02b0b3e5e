from django.apps import AppConfig


class Config(AppConfig):
    name = "cphub.web.meetings"
    label = "meetings"
    verbose_name = "Corporate Parenting Panel meetings"
