from django.urls import path

from . import views

app_name = "judging"

urlpatterns = [
    path("", views.my_contests, name="my_contests"),
    path("<id:contest_id>/", views.shortlist, name="shortlist"),
    path("<id:contest_id>/entries/<id:entry_id>/", views.score, name="score"),
    path("<id:contest_id>/objection/", views.objection, name="objection"),
]
