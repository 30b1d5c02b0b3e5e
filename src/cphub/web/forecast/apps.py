from django.apps import AppConfig


class Config(AppConfig):
    name = "cphub.web.forecast"
    label = "forecast"
    verbose_name = "Sufficiency forecast"
