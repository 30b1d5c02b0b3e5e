from django.apps import AppConfig


class Config(AppConfig):
    name = "cphub.web.results"
    label = "results"
