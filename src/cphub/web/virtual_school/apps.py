from django.apps import AppConfig


class Config(AppConfig):
    name = "cphub.web.virtual_school"
    label = "virtual_school"
