"""Root URL configuration: each area's app owns its own URLs."""

from django.urls import include, path

urlpatterns = [
    path("", include("cphub.web.core.urls")),
    path("data/ssd/", include("cphub.web.ssd.urls")),
    path("data/", include("cphub.web.store.urls")),
    path("scorecard/", include("cphub.web.scorecard.urls")),
    path("kinship/", include("cphub.web.kinship.urls")),
    path("virtual-school/", include("cphub.web.virtual_school.urls")),
    path("forecast/", include("cphub.web.forecast.urls")),
]

handler403 = "cphub.web.core.views.forbidden"
handler404 = "cphub.web.core.views.not_found"
