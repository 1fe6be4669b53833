from django.urls import path

from . import views

app_name = "signups"

urlpatterns = [
    path("organise/", views.organise, name="organise"),
    path("<id:activity_id>/", views.activity, name="activity"),
    path("<id:activity_id>/checkin/", views.checkin, name="checkin"),
    path("<id:activity_id>/no-shows/", views.no_shows, name="no_shows"),
    path("<id:activity_id>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<id:activity_id>/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("mine/<id:signup_id>/cancel/", views.cancel, name="cancel"),
    path("mine/<id:signup_id>/code/", views.checkin_code, name="code"),
    path("mine/<id:signup_id>/event.ics", views.calendar, name="calendar"),
]
