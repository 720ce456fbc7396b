from django.urls import path

from hearth.caseloads import views

app_name = "caseloads"
urlpatterns = [
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("workforce/staff/<int:staff_pk>/transfer/", views.caseload_transfer_view, name="caseload_transfer"),
    path("workforce/unallocated/", views.unallocated_queue, name="unallocated"),
    path("workforce/allocation-meeting/", views.allocation_meeting, name="allocation_meeting"),
]
