"""The OpenAPI description's answers that every operation can give, added once for all.

Every operation may answer 401 (no valid token or session: with `WWW-Authenticate: Bearer`) and
404 (the address names something that does not exist, or that the caller may not see: the API
never says which). An operation that takes query parameters may answer 400 when one is not
valid. Declaring them here keeps the description true for endpoints added later, and lets the
schema-driven fuzzing in .ci/run hold every answer to it.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ANSWERS = {
    "400": "A query parameter is not valid; `detail` says which.",
    "401": "No valid token or session. The reason is in `detail`.",
    "404": "Not found, or not yours to read (another partnership's address, or outside the token's scope).",
}


def error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("Error", ERROR)
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "put", "post", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["401", "404"]
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                codes.append("400")
            for code in codes:
                responses.setdefault(code, {"description": ANSWERS[code], "content": ref})
    return result
