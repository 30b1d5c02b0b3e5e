from django.apps import AppConfig


class SsdConfig(AppConfig):
    name = "cphub.web.ssd"
    label = "ssd"
    verbose_name = "Standard Safeguarding Dataset"
    default_auto_field = "django.db.models.BigAutoField"
