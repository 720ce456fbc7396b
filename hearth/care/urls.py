from django.urls import path

from hearth.care import views

app_name = "care"
urlpatterns = [
    path("people/<int:pk>/care/", views.care, name="care"),
    path("people/<int:pk>/care/start/", views.start, name="start"),
    path("people/<int:pk>/care/<int:period_pk>/move/", views.move, name="move"),
    path("people/<int:pk>/care/<int:period_pk>/end/", views.end, name="end"),
    path("people/<int:pk>/placements/<int:placement_pk>/", views.placement, name="placement"),
    path("people/<int:pk>/orders/new/", views.order_new, name="order_new"),
    path("people/<int:pk>/orders/<int:order_pk>/end/", views.order_end, name="order_end"),
    path("people/<int:pk>/care/<int:period_pk>/iro/", views.iro, name="iro"),
    path("people/<int:pk>/care/<int:period_pk>/reviews/new/", views.review_new, name="review_new"),
    path("people/<int:pk>/care/reviews/<int:review_pk>/", views.review, name="review"),
    path("people/<int:pk>/care/<int:period_pk>/disputes/new/", views.dispute_new, name="dispute_new"),
    path("people/<int:pk>/care/disputes/<int:dispute_pk>/", views.dispute, name="dispute"),
    path("care/register/", views.register, name="register"),
    path("care/register/new/", views.provider_edit, name="provider_new"),
    path("care/register/import/", views.providers_upload, name="providers_import"),
    path("care/register/<int:provider_pk>/", views.provider, name="provider"),
    path("care/register/<int:provider_pk>/change/", views.provider_edit, name="provider_edit"),
    path("care/register/<int:provider_pk>/carers/new/", views.carer_new, name="carer_new"),
]
