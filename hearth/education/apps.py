from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "hearth.education"
    label = "education"
    verbose_name = "Children's education: school, attendance, exclusions, SEN and the personal education plan"
