from django.urls import path

from cphub.web.ssd import views

app_name = "ssd"
urlpatterns = [
    path("value-map/", views.value_map, name="value_map"),
]
