from django.urls import path

from hearth.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_pk>/open/", views.notification_open, name="open"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/settings/", views.preferences, name="preferences"),
]
