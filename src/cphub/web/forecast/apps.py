from django.apps import AppConfig


class Config(AppConfig):
    name = "cphub.web.forecast"
    label = "forecast"
    verbose_name = "Sufficiency forecast"

    def ready(self) -> None:
        from cphub.web.forecast.services import pack_section
        from cphub.web.scorecard.services import PACK_SECTIONS

        if pack_section not in PACK_SECTIONS:
            PACK_SECTIONS.append(pack_section)
