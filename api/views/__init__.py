"""API views: declarative viewsets whose writes call registry.workflow."""
