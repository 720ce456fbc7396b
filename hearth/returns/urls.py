from django.urls import path

from hearth.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.exports, name="exports"),
    path("<int:export_pk>/", views.export, name="export"),
    path("<int:export_pk>/download/", views.download, name="download"),
]
