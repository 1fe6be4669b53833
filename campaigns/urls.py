from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("views/<slug:kind>/<id:pk>/", views.count_view, name="count_view"),
    path("my-entries/", views.my_entries, name="my_entries"),
]
