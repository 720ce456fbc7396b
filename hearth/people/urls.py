from django.urls import path

from hearth.people import record_views, views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
    path("emergency-access/report/", views.emergency_access_report, name="emergency_access_report"),
    path("<int:pk>/details/", views.details, name="details"),
    path("<int:pk>/viewers/", views.viewers, name="viewers"),
    path("<int:pk>/details/change/", record_views.edit_details, name="edit_details"),
    path("<int:pk>/addresses/add/", record_views.add_address, name="add_address"),
    path("<int:pk>/relationships/add/", record_views.add_relationship, name="add_relationship"),
    path("<int:pk>/household/add/", record_views.join_household, name="join_household"),
    path(
        "<int:pk>/household/<int:membership_pk>/left/", record_views.leave_household, name="leave_household"
    ),
    path("<int:pk>/professionals/add/", record_views.add_professional, name="add_professional"),
    path("<int:pk>/merge/", record_views.merge, name="merge"),
    path("<int:pk>/duplicate-checked/", record_views.duplicate_checked, name="duplicate_checked"),
    path("<int:pk>/restrict/", record_views.restrict, name="restrict"),
    path("<int:pk>/names/add/", record_views.add_name, name="add_name"),
    path("<int:pk>/identifiers/add/", record_views.add_identifier, name="add_identifier"),
    path("<int:pk>/disabilities/add/", record_views.add_disability, name="add_disability"),
    path("<int:pk>/immigration/add/", record_views.add_immigration_status, name="add_immigration_status"),
]
