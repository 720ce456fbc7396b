from django.urls import path

from hearth.quality import views

app_name = "quality"
urlpatterns = [path("data-quality/", views.council_quality, name="council")]
