from django.urls import path

from cphub.web.scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("", views.index, name="index"),
    path("measure/<slug:measure_id>/", views.measure, name="measure"),
    path("measure/<slug:measure_id>/commentary/", views.edit_commentary, name="commentary"),
    path("measure/<slug:measure_id>/target/", views.edit_target, name="target"),
    path("pack.<str:fmt>", views.download, name="download"),
    path("editions/start/", views.start_edition, name="start_edition"),
    path("paper/", views.edit_paper, name="paper"),
]
