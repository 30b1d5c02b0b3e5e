from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cphub.web.core"
    label = "core"
    verbose_name = "Hub core: users, roles, audit"
