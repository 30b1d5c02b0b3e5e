from django.urls import path  # noqa: F401

app_name = "virtual_school"
urlpatterns: list = []
