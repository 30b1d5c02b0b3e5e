"""``pounds``: a money figure for the forecast pages (£1,234 under a million, £1.2m above)."""

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if abs(v) >= 1_000_000:
        return f"£{v / 1_000_000:,.1f}m"
    return f"£{v:,.0f}"
