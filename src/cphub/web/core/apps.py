import os

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cphub.web.core"
    label = "core"
    verbose_name = "Hub core: users, roles, audit"

    def ready(self) -> None:
        # Every file the Hub writes (uploads kept for "load anyway", backups, the demo key) is private to its
        # user: 0600 files, 0700 folders (issue 9: rejected uploads were world-readable).
        os.umask(int(os.environ.get("CPHUB_UMASK", "077"), 8))
