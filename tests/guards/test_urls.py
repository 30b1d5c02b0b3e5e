"""Every URL of the web app is protected by a role (``@require(capability)``, :mod:`cphub.web.core.roles`) or
is on the explicit public list below."""

from django.urls import URLPattern, URLResolver, get_resolver

from cphub.web.core.roles import CAPABILITIES

PUBLIC = {
    "sign-in/": "signing in",
    "sign-out/": "signing out",
    "accessibility/": "accessibility statement (must be reachable without an account)",
    # the kinship carers' public journey (issue: kinship): questions, answers, asking for help, booking events
    "kinship/": "kinship: start page",
    "kinship/check/answers/": "kinship: check your answers",
    "kinship/check/results/": "kinship: what you may be entitled to",
    "kinship/check/start-again/": "kinship: start again",
    "kinship/check/<slug:name>/": "kinship: one question",
    "kinship/ask/": "kinship: ask for help",
    "kinship/ask/sent/": "kinship: request sent",
    "kinship/events/": "kinship: events",
    "kinship/events/<int:pk>/book/": "kinship: book an event",
    "kinship/events/booked/": "kinship: booking confirmed",
}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_url_is_protected_by_a_role_or_listed_as_public():
    unprotected = []
    for route, view in _routes(get_resolver().url_patterns):
        capability = getattr(view, "capability", None)
        if capability is not None:
            assert capability in CAPABILITIES, route
        elif route not in PUBLIC:
            unprotected.append(f"{route} ({getattr(view, '__module__', '?')}.{getattr(view, '__name__', '?')})")
    assert not unprotected, "URLs with no role and not on the public list:\n" + "\n".join(unprotected)


def test_the_public_list_names_only_real_urls():
    routes = {route for route, _ in _routes(get_resolver().url_patterns)}
    assert set(PUBLIC) <= routes, set(PUBLIC) - routes


def test_a_public_url_is_not_also_protected():
    for route, view in _routes(get_resolver().url_patterns):
        if route in PUBLIC:
            assert getattr(view, "capability", None) is None, f"{route} has a role: take it off the public list"
