from django.urls import path

from cphub.web.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("audit.csv", views.export_csv, name="export"),
]
