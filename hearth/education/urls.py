from django.urls import path

from hearth.education import views

app_name = "education"
urlpatterns = [
    path("<int:pk>/education/", views.record, name="record"),
    path("<int:pk>/education/school/", views.school_new, name="school"),
    path("<int:pk>/education/attendance/", views.attendance_new, name="attendance"),
    path("<int:pk>/education/exclusion/", views.exclusion_new, name="exclusion"),
    path("<int:pk>/education/sen/", views.sen_new, name="sen"),
    path("<int:pk>/education/attainment/", views.attainment_new, name="attainment"),
    path("<int:pk>/education/pep/new/", views.pep_new, name="pep_new"),
    path("<int:pk>/education/pep/<int:pep_pk>/", views.pep_page, name="pep"),
    path("<int:pk>/education/pep/<int:pep_pk>/sign-off/", views.pep_sign_off_page, name="pep_sign_off"),
]
