from django.urls import path

from . import uploads, views

app_name = "campaigns"

urlpatterns = [
    path("views/<slug:kind>/<id:pk>/", views.count_view, name="count_view"),
    path("my-entries/", views.my_entries, name="my_entries"),
    path("uploads/", uploads.create_upload, name="uploads"),
    path("uploads/<uuid:upload_id>/", uploads.upload_detail, name="upload"),
]
