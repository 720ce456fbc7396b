from django.urls import path

from hearth.worklists import oversight_views, pauses, views

app_name = "worklists"
urlpatterns = [
    path("", views.home, name="home"),
    path("my-work/", views.my_work_view, name="my_work"),
    path("my-work/partners/<int:contribution_pk>/read/", views.partner_news_read, name="partner_news_read"),
    path("partners/", views.partner_home, name="partner_home"),
    path("my-team/", views.my_team_view, name="my_team"),
    path("oversight/", oversight_views.oversight_view, name="oversight"),
    path("oversight/list/", oversight_views.oversight_list_view, name="oversight_list"),
    path("people/<int:pk>/duties/<int:obligation_pk>/", views.act, name="act"),
    path("people/<int:pk>/clocks/<int:obligation_pk>/pause/", pauses.pause, name="pause"),
    path("people/<int:pk>/clocks/<int:obligation_pk>/resume/", pauses.resume, name="resume"),
]
