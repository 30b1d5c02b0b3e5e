from django.urls import path

from cphub.web.store import views

app_name = "store"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
]
