from django.urls import path

from hearth.children_in_need import views

app_name = "children_in_need"
urlpatterns = [
    path("<int:pk>/referrals/<int:episode_pk>/", views.referral, name="referral"),
    path("<int:pk>/children-in-need/<int:episode_pk>/", views.episode, name="episode"),
    path("<int:pk>/assessments/<int:assessment_pk>/", views.assessment, name="assessment"),
]
