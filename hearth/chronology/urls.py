from django.urls import path

from hearth.chronology import views

app_name = "chronology"
urlpatterns = [
    path("<int:pk>/chronology/", views.chronology, name="chronology"),
    path("<int:pk>/chronology/print/", views.chronology_print, name="print"),
    path("<int:pk>/chronology/add/", views.chronology_add, name="add"),
]
