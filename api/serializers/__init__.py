"""Serializers: explicit fields, small nested forms for linked objects; writes go to registry.workflow."""
