"""OpenAPI schema tweaks: optional auth on public reads, and the error responses every operation shares."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse

from api.serializers.common import ErrorSerializer

_DESCRIPTIONS = {
    400: "Bad input; `errors` holds field-level messages.",
    401: "Missing, invalid or revoked token.",
    403: "Not allowed for this user.",
    404: "No such object visible to you (or, on a list, a cursor the server did not make).",
    406: "The Accept header asks for a format this operation does not produce.",
    409: "The object's state does not allow this.",
    412: "If-Match names an older revision: someone changed the entry since you read it.",
    413: "The request body is too large.",
    415: "Send JSON (Content-Type: application/json).",
    428: "Send If-Match with the entry's ETag.",
    429: "Too many requests; see Retry-After.",
}


def errors(*codes: int) -> dict:
    """Documented error responses for ``extend_schema(responses=...)``."""
    return {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes}


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        perms = self.view.get_permissions()
        allows = [getattr(p, "allows_anonymous", None) for p in perms]
        if allows and all(a is not None and a(self.method) for a in allows) and {} not in auths:
            auths.append({})
        return auths


def add_common_responses(result, generator, request, public):
    """Make the schema say exactly what the API does.

    - every operation lists the errors any request can get (401, 406, 429; 400/413/415 with a body);
    - request bodies refuse properties they do not name (so does the server);
    - entry responses carry an ETag header.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    error_ref = {"$ref": "#/components/schemas/Error"}
    if "Error" not in schemas:
        return result
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = [401, 406, 429]
            if any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
                codes.append(404)  # a cursor the server did not make
            if "requestBody" in operation:
                codes += [400, 413, 415]
            for code in codes:
                operation["responses"].setdefault(str(code), {
                    "content": {"application/json": {"schema": error_ref}},
                    "description": _DESCRIPTIONS[code],
                })
            for code, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                if code in ("200", "201") and schema.get("$ref") == "#/components/schemas/Entry":
                    response.setdefault("headers", {})["ETag"] = {
                        "schema": {"type": "string"},
                        "description": "The entry's revision tag, e.g. \"NR-000042-r3\"; send it as If-Match.",
                    }
    return result
