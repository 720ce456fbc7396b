from django.urls import path

from hearth.visits import views

app_name = "visits"
urlpatterns = [
    path("people/<int:pk>/visits/<str:kind>/<int:plan_pk>/new/", views.visit_new, name="new"),
]
