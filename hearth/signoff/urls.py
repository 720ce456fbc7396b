from django.urls import path

from hearth.signoff import views

app_name = "signoff"
urlpatterns = [
    path("decisions/", views.waiting, name="waiting"),
    path("people/<int:pk>/decisions/<int:sign_off_id>/", views.decide, name="decide"),
    path("people/<int:pk>/decisions/ask/<str:kind_key>/<int:subject_id>/", views.ask, name="ask"),
]
