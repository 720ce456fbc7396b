from django.urls import path

from hearth.visits import views

app_name = "visits"
urlpatterns = [
    path("people/<int:pk>/visits/<str:kind>/<int:plan_pk>/new/", views.visit_new, name="new"),
    path("people/<int:pk>/visits/<int:visit_pk>/", views.visit_page, name="visit"),
    path("people/<int:pk>/visits/<int:visit_pk>/notes/", views.visit_notes_correct, name="notes_correct"),
    path("people/<int:pk>/failed-visits/<int:visit_pk>/", views.failed_seen, name="failed_seen"),
]
