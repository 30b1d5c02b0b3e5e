from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "cphub.web.store"
    label = "store"
    verbose_name = "Data store: SSDA903, local tables, imports"
