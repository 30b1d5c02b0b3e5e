from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ codes|get_item:code }}``: look a code up in a dict (empty when missing)."""
    if not mapping or key is None:
        return ""
    return mapping.get(key, key)


@register.filter
def can(user, capability):
    """``{% if user|can:"view_education_record" %}``: the role table of :mod:`cphub.web.core.roles`."""
    from cphub.web.core.roles import can as role_can

    return role_can(user, capability)
