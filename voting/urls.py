from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    path("entries/<id:entry_id>/vote/", views.vote, name="vote"),
    path("entries/<id:entry_id>/qr.svg", views.qr_code, name="qr_code"),
    path("contests/<id:contest_id>/ballot/", views.ballot, name="ballot"),
]
