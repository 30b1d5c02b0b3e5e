"""Template context shared by every page: the council, the user's roles and the navigation they may use."""

from django.conf import settings

from cphub.web.core.roles import ROLES, can, roles_of

NAV = [
    ("Home", "home", "view_headlines"),
    ("Scorecard", "scorecard:index", "view_scorecard"),
    ("Forecast", "forecast:index", "view_forecast"),
    ("Virtual School", "virtual_school:dashboard", "view_virtual_school"),
    ("Kinship requests", "kinship:queue", "kinship_queue"),
    ("Imports", "store:imports", "view_imports"),
]


def hub(request):
    from django.urls import NoReverseMatch, reverse

    from cphub.web.store.models import Council

    user = request.user
    nav = []
    for label, name, cap in NAV:
        if can(user, cap):
            try:
                nav.append({"label": label, "href": reverse(name),
                            "active": request.path.startswith(reverse(name)) and reverse(name) != "/" or request.path == reverse(name)})
            except NoReverseMatch:
                continue
    council = Council.objects.filter(code=settings.CPHUB_LA).first()
    return {
        "council": council,
        "council_name": council.name if council else f"Council {settings.CPHUB_LA}",
        "nav": nav,
        "user_roles": [ROLES[r] for r in sorted(roles_of(user))],
    }
