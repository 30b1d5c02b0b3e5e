from django.urls import path

from cphub.web.store import views

app_name = "store"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/upload/", views.upload, name="upload"),
    path("imports/ofsted/", views.ofsted_list, name="ofsted"),
    path("imports/<int:pk>/", views.batch, name="batch"),
    path("imports/<int:pk>/load/", views.load_anyway, name="load_anyway"),
    path("imports/<int:pk>/findings.xlsx", views.findings_xlsx, name="findings_xlsx"),
    path("templates/<str:table>.csv", views.template_csv, name="template_csv"),
]
