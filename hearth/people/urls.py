from django.urls import path

from hearth.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
    path("emergency-access/report/", views.emergency_access_report, name="emergency_access_report"),
    path("<int:pk>/details/", views.details, name="details"),
    path("<int:pk>/viewers/", views.viewers, name="viewers"),
]
