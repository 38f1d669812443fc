"""The REST API (/api/v1/): a thin face on registry/, which never imports it."""
