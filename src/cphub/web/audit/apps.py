from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cphub.web.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from cphub.web.audit import signals  # noqa: F401  (sign-in and failed sign-in receivers)
