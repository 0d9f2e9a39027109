from django.urls import path

from cchc.capacity import views

app_name = "capacity"
urlpatterns = [
    path("", views.index, name="index"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("courses/<int:pk>/materials/", views.course_materials, name="course_materials"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("trainers/", views.trainers, name="trainers"),
    path("trainers/<int:pk>/", views.trainers, name="trainer_edit"),
    path("needs/", views.needs, name="needs"),
    path("needs/<int:pk>/", views.needs, name="needs_survey"),
]
