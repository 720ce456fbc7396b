from django.urls import path

from hearth.earlyhelp import views

app_name = "earlyhelp"
urlpatterns = [
    path("early-help/waiting/", views.waiting, name="waiting"),
    path("people/<int:pk>/early-help/new/", views.start, name="start"),
    path("people/<int:pk>/early-help/<int:episode_pk>/", views.episode, name="episode"),
    path(
        "people/<int:pk>/early-help/<int:episode_pk>/step-up/", views.step_up_request, name="step_up_request"
    ),
    path(
        "people/<int:pk>/children-in-need/<int:episode_pk>/step-down/",
        views.step_down_request,
        name="step_down_request",
    ),
    path("people/<int:pk>/step-changes/<int:step_pk>/", views.step_change, name="step_change"),
]
