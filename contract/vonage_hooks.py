"""schemathesis hooks for fuzzing the Vonage sandbox against Vonage's own OpenAPI specs.

Vonage's published specs leave out some answers the real Vonage gives (and our adapters rely
on). Each one is listed in contract/vonage-undocumented.json with the Vonage behaviour that
justifies it; this hook adds exactly those to the spec before schemathesis loads it, so every
other deviation still fails the suite.
"""
import json
import os

import schemathesis

ALLOWED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vonage-undocumented.json")


@schemathesis.hook
def before_load_schema(context, raw_schema):
    with open(ALLOWED, encoding="utf-8") as handle:
        entries = json.load(handle)["answers"]
    title = raw_schema.get("info", {}).get("title", "")
    for entry in entries:
        if entry["spec"] not in title:
            continue
        for path, item in raw_schema.get("paths", {}).items():
            if path != entry["path"]:
                continue
            operation = item.get(entry["method"].lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            response = responses.setdefault(str(entry["status"]), {"description": entry["justification"]})
            content = response.setdefault("content", {})
            for content_type in entry.get("contentTypes", []):
                content.setdefault(content_type, {"schema": {}})
