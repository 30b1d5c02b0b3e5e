from django.urls import path

from cphub.web.forecast import views

app_name = "forecast"
urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/new/", views.edit_scenario, name="new_scenario"),
    path("scenarios/<int:pk>/", views.edit_scenario, name="edit_scenario"),
    path("scenarios/<int:pk>/delete/", views.delete_scenario, name="delete_scenario"),
    path("costs/", views.edit_costs, name="costs"),
    path("forecast.xlsx", views.download, name="download"),
]
