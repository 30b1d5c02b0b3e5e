from django.urls import path

from cphub.web.virtual_school import views

app_name = "virtual_school"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("worklist/", views.worklist_view, name="worklist"),
    path("child/<str:child>/", views.child_record, name="child"),
    path("measure/<slug:base>/<slug:cohort_name>/", views.measure_children, name="measure_children"),
    path("access-log/", views.access_log, name="access_log"),
    path("import/", views.import_page, name="import"),
    path("import/templates.zip", views.templates_download, name="templates_zip"),
    path("import/templates/<slug:name>.csv", views.template_download, name="template"),
    path("report/", views.report, name="report"),
    path("report/edit/", views.report_edit, name="report_edit"),
    path("report/report.pdf", views.report_pdf, name="report_pdf"),
    path("pupil-premium-plus/", views.pp_plus_report, name="pp_plus"),
    path("exports/", views.exports, name="exports"),
]
