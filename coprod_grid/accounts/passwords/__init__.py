"""Password reset by email and password change: Django's auth views and forms with the
service's wording, templates, limits and records (``services``)."""
