from django.urls import path

from hearth.organisation import views, workforce_views

app_name = "organisation"
urlpatterns = [
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("workforce/staff/", workforce_views.staff_list, name="staff_list"),
    path("workforce/staff/<int:staff_pk>/", workforce_views.staff_edit, name="staff_edit"),
    path("workforce/staff/<int:staff_pk>/training/", workforce_views.training_add, name="training_add"),
    path(
        "workforce/staff/<int:staff_pk>/transfer/",
        workforce_views.caseload_transfer_view,
        name="caseload_transfer",
    ),
    path("workforce/unallocated/", workforce_views.unallocated_queue, name="unallocated"),
    path("workforce/allocation-meeting/", workforce_views.allocation_meeting, name="allocation_meeting"),
]
