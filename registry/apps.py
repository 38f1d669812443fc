from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Negative Results Registry"
    default_auto_field = "django.db.models.BigAutoField"
