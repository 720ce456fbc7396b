from django.urls import path

from hearth.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/plans/<str:kind>/<int:plan_pk>/outcomes/new/", views.outcome_new, name="outcome_add"),
    path(
        "<int:pk>/plans/<str:kind>/<int:plan_pk>/outcomes/<int:outcome_pk>/progress/",
        views.action_update,
        name="action_update",
    ),
    path("<int:pk>/plans/contribute/", views.contribute, name="contribute"),
    path("<int:pk>/plans/<str:kind>/<int:plan_pk>/reviews/new/", views.review_new, name="review_add"),
]
