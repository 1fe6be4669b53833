from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/", views.post, name="post"),
    path("write/", views.write, name="write"),
    path("<id:comment_id>/edit/", views.edit, name="edit"),
    path("<id:comment_id>/delete/", views.delete, name="delete"),
    path("<id:comment_id>/report/", views.report, name="report"),
]
