from django.urls import path

from hearth.childrecord import views

app_name = "childrecord"
urlpatterns = [
    path("<int:pk>/", views.child_page, name="child_page"),
    path("<int:pk>/family/", views.family_page, name="family"),
]
