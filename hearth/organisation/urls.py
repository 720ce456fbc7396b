from django.urls import path

from hearth.organisation import views

app_name = "organisation"
urlpatterns = [
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
]
