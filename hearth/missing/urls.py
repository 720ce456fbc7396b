from django.urls import path

from hearth.missing import views

app_name = "missing"
urlpatterns = [
    path("<int:pk>/missing/", views.episodes, name="episodes"),
    path("<int:pk>/missing/new/", views.episode_new, name="new"),
    path("<int:pk>/missing/<int:episode_pk>/return/", views.episode_return, name="return"),
    path("<int:pk>/missing/<int:episode_pk>/interview/", views.interview, name="interview"),
    path("<int:pk>/missing/screening/", views.screening_new, name="screening"),
]
