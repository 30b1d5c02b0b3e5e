"""Template tags for the public kinship pages: the Virtual School's name from the council's settings."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def virtual_school_name() -> str:
    """The Virtual School's name as carers know it (:class:`KinshipSettings`), or "Virtual School"."""
    from cphub.web.kinship.models import KinshipSettings

    return KinshipSettings.for_la(settings.CPHUB_LA).school_name
