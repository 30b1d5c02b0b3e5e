from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ codes|get_item:code }}``: look a code up in a dict (empty when missing)."""
    if not mapping or key is None:
        return ""
    return mapping.get(key, key)
