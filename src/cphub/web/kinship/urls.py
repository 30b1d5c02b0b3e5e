from django.urls import path

from cphub.web.kinship import views

app_name = "kinship"
urlpatterns = [
    # public: no sign-in
    path("", views.start, name="start"),
    path("check/answers/", views.check_answers, name="check_answers"),
    path("check/results/", views.results, name="results"),
    path("check/start-again/", views.restart, name="restart"),
    path("check/<slug:name>/", views.question, name="question"),
    path("ask/", views.ask, name="ask"),
    path("ask/sent/", views.ask_sent, name="ask_sent"),
    path("events/", views.events, name="events"),
    path("events/<int:pk>/book/", views.book, name="book"),
    path("events/booked/", views.booked, name="booked"),
    # Virtual School staff
    path("requests/", views.queue, name="queue"),
    path("requests/reports/", views.reports, name="reports"),
    path("requests/<str:reference>/", views.request_detail, name="request"),
    path("register/", views.register, name="register"),
    path("manage/settings/", views.admin_settings, name="settings"),
    path("manage/local-offer/", views.offer_list, name="offer"),
    path("manage/local-offer/new/", views.offer_edit, name="offer_new"),
    path("manage/local-offer/<int:pk>/", views.offer_edit, name="offer_edit"),
    path("manage/templates/", views.template_list, name="templates"),
    path("manage/templates/new/", views.template_edit, name="template_new"),
    path("manage/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("manage/events/", views.event_list, name="manage_events"),
    path("manage/events/new/", views.event_edit, name="event_new"),
    path("manage/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("manage/events/<int:pk>/bookings/", views.event_bookings, name="event_bookings"),
]
