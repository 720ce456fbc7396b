from django.urls import path

from hearth.governance import views

app_name = "governance"
urlpatterns = [
    path("records/retention/", views.retention, name="retention"),
    path("people/<int:pk>/retention/", views.record, name="record"),
    path("people/<int:pk>/retention/holds/<int:hold_pk>/lift/", views.hold_lift, name="hold_lift"),
    path("people/<int:pk>/retention/dispose/", views.dispose, name="dispose"),
    path(
        "people/<int:pk>/retention/documents/<int:document_pk>/dispose/",
        views.document_dispose_page,
        name="document_dispose",
    ),
    path("people/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("people/<int:pk>/subject-access/<int:request_pk>/", views.review, name="review"),
    path("people/<int:pk>/subject-access/<int:request_pk>/bundle/", views.bundle, name="bundle"),
]
