from django.urls import path

from hearth.organisation import workforce_views

app_name = "organisation"
urlpatterns = [
    path("workforce/staff/", workforce_views.staff_list, name="staff_list"),
    path("workforce/staff/<int:staff_pk>/", workforce_views.staff_edit, name="staff_edit"),
    path("workforce/staff/<int:staff_pk>/training/", workforce_views.training_add, name="training_add"),
]
