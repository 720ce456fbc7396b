from django.urls import path

from hearth.children_in_need import views

app_name = "children_in_need"
urlpatterns = [
    path("<int:pk>/referrals/<int:episode_pk>/", views.referral, name="referral"),
]
