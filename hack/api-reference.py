#!/usr/bin/env python3
"""Writes docs/reference/api.md from the CRDs in crds/: every field of every kind with its type, default,
validation (OpenAPI bounds, patterns, enums and the CEL rules' messages) and description.

The CRDs are generated from the API classes (hack/update-crds.sh), so the reference follows the code through them.
hack/docs.sh runs this with --check, which fails while the committed page and crds/ disagree.

Usage: hack/api-reference.py [--check] [--crds DIR] [--out FILE]
Needs PyYAML (hack/docs.sh runs it inside the docs virtual environment, which has it).
"""
import argparse
import difflib
import html
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
# A CEL rule longer than this is named, not printed: the time-zone rule lists every IANA zone.
MAX_RULE_CHARS = 160
KIND_ORDER = ["ComputeProvider", "Machine", "GpuOffer", "GpuOfferQuery", "MachineSchedule"]


# Characters Markdown would read as links, emphasis, code or escapes, and the table's own separator.
MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "|[]*_`\\"})


def cell(text):
    """Text for a Markdown table cell, shown as written: one line, HTML-escaped, Markdown syntax made inert."""
    return html.escape(" ".join(str(text).split()), quote=False).translate(MARKDOWN_ENTITIES)


def code(text):
    return "<code>" + cell(text) + "</code>"


def type_of(schema):
    t = schema.get("type", "")
    if schema.get("x-kubernetes-int-or-string"):
        return "integer or string"
    if t == "array":
        return "array of " + type_of(schema.get("items", {}))
    if t == "object" and "additionalProperties" in schema and "properties" not in schema:
        return "map of " + type_of(schema["additionalProperties"])
    if schema.get("format"):
        return f"{t} ({schema['format']})"
    return t or "any"


def validations(schema, required):
    out = []
    if required:
        out.append("required")
    if "enum" in schema:
        out.append("one of " + ", ".join(code(v) for v in schema["enum"]))
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            out.append(f"{word} {schema[key]}")
    for key, word in (("minLength", "length ≥"), ("maxLength", "length ≤"),
                      ("minItems", "items ≥"), ("maxItems", "items ≤"),
                      ("minProperties", "entries ≥"), ("maxProperties", "entries ≤")):
        if key in schema:
            out.append(f"{word} {schema[key]}")
    if "pattern" in schema:
        out.append("pattern " + code(schema["pattern"]))
    if schema.get("nullable"):
        out.append("nullable")
    for rule in schema.get("x-kubernetes-validations", []):
        expr = rule.get("rule", "")
        shown = code(expr) if len(expr) <= MAX_RULE_CHARS else f"rule of {len(expr)} characters (see crds/)"
        message = rule.get("message") or rule.get("messageExpression") or ""
        out.append(f"CEL {shown}: “{cell(message)}”" if message else f"CEL {shown}")
    return "<br>".join(out)


def default_of(schema):
    if "default" not in schema:
        return ""
    value = schema["default"]
    if isinstance(value, bool):
        value = str(value).lower()
    return code(value if not isinstance(value, (dict, list)) else yaml.safe_dump(value, default_flow_style=True).strip())


def walk(schema, path, required, rows):
    """One row per field, parents before children; array items get [] and map values {key}."""
    if path:
        rows.append((path, type_of(schema), default_of(schema), validations(schema, required),
                     cell(schema.get("description", ""))))
    props = schema.get("properties", {})
    needed = set(schema.get("required", []))
    for name in sorted(props):
        walk(props[name], f"{path}.{name}" if path else name, name in needed, rows)
    items = schema.get("items")
    if isinstance(items, dict) and (items.get("properties") or items.get("items")):
        walk(items, path + "[]", False, rows)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra.get("properties"):
        walk(extra, path + ".{key}", False, rows)


def render_kind(crd):
    spec = crd["spec"]
    names = spec["names"]
    lines = [f"## {names['kind']}", ""]
    for version in spec["versions"]:
        schema = version["schema"]["openAPIV3Schema"]
        facts = [
            f"`{spec['group']}/{version['name']}`",
            spec["scope"].lower(),
            f"plural `{names['plural']}`",
        ]
        if names.get("shortNames"):
            facts.append("short names " + ", ".join(f"`{n}`" for n in names["shortNames"]))
        if names.get("categories"):
            facts.append("categories " + ", ".join(f"`{c}`" for c in names["categories"]))
        if version.get("subresources"):
            facts.append("subresources " + ", ".join(f"`{s}`" for s in sorted(version["subresources"])))
        lines += ["API version " + "; ".join(facts) + ".", ""]
        if schema.get("description"):
            lines += [" ".join(schema["description"].split()), ""]
        columns = version.get("additionalPrinterColumns", [])
        if columns:
            lines += ["`kubectl get` columns (priority 1 only with `-o wide`):", "",
                      "| column | type | JSON path | priority |", "|---|---|---|---|"]
            for c in columns:
                lines.append(f"| {cell(c['name'])} | {c['type']} | {code(c['jsonPath'])} | {c.get('priority', 0)} |")
            lines.append("")
        top_rules = validations(schema, False)
        if top_rules:
            lines += ["Rules on the whole object:", "", top_rules.replace("<br>", "  \n"), ""]
        for part in ("spec", "status"):
            sub = schema.get("properties", {}).get(part)
            if not sub:
                continue
            rows = []
            walk(sub, part, part in schema.get("required", []), rows)
            lines += [f"### {names['kind']} {part}", "",
                      "| field | type | default | validation | description |", "|---|---|---|---|---|"]
            for path, typ, default, valid, desc in rows:
                lines.append(f"| <code>{cell(path)}</code> | {cell(typ)} | {default} | {valid} | {desc} |")
            lines.append("")
    return lines


def render(crd_dir):
    crds = []
    for f in sorted(crd_dir.glob("*.yml")) + sorted(crd_dir.glob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if doc and doc.get("kind") == "CustomResourceDefinition":
                crds.append(doc)
    if not crds:
        sys.exit(f"no CustomResourceDefinition in {crd_dir}")
    crds.sort(key=lambda d: (KIND_ORDER.index(d["spec"]["names"]["kind"])
                             if d["spec"]["names"]["kind"] in KIND_ORDER else len(KIND_ORDER),
                             d["spec"]["names"]["kind"]))
    lines = [
        "# API reference",
        "",
        "<!-- Generated by hack/api-reference.py from crds/; do not edit. hack/docs.sh fails while it is stale. -->",
        "",
        "Every field of the custom resources, as the API server validates them: the type, the default the API server",
        "fills in, the validation it applies at admission (OpenAPI bounds and patterns, and the CEL rules with the",
        "message `kubectl apply` shows when one is broken) and the field's description. Generated from the CRDs in",
        "`crds/`, which the build generates from the API classes. The concepts behind the fields are in",
        "[Concepts](../concepts.md); every kind has a commented example in `deploy/examples/`.",
        "",
        "Kinds: " + ", ".join(f"[{d['spec']['names']['kind']}](#{d['spec']['names']['kind'].lower()})" for d in crds)
        + ".",
        "",
    ]
    for crd in crds:
        lines += render_kind(crd)
    return "\n".join(lines).rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page differs from what crds/ gives")
    parser.add_argument("--crds", type=pathlib.Path, default=ROOT / "crds")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "docs" / "reference" / "api.md")
    args = parser.parse_args()
    text = render(args.crds)
    if not args.check:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
        return 0
    current = args.out.read_text() if args.out.exists() else ""
    if current == text:
        print(f"{args.out.name} is up to date with {args.crds.name}/")
        return 0
    diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), "committed", "from crds", lineterm="", n=0))
    sys.stderr.write("\n".join(diff[:40]) + ("\n..." if len(diff) > 40 else "") + "\n")
    sys.stderr.write(f"{args.out} does not match {args.crds}: run hack/api-reference.py and commit the page\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
