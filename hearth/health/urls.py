from django.urls import path

from hearth.health import views

app_name = "health"
urlpatterns = [
    path("<int:pk>/health/", views.record, name="record"),
    path("<int:pk>/health/assessment/", views.assessment_new, name="assessment"),
    path("<int:pk>/health/check/", views.check_new, name="check"),
    path("<int:pk>/health/sdq/", views.sdq_new, name="sdq"),
    path("<int:pk>/health/substance-misuse/", views.substance_new, name="substance"),
    path("<int:pk>/health/actions/new/", views.action_new, name="action"),
    path("<int:pk>/health/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/health/missed/", views.missed_new, name="missed"),
]
