#!/usr/bin/env python3
"""tests/spec: the spec's JSON Schema (templates/jianbao.schema.json) against the specs.

Every spec in templates/ (all *.yaml there, templates/init/ too) and tests/spec/good validates.
Every file in tests/spec/broken fails the schema, but for the ones listed in EXEMPT: those whose
error no schema can see (YAML syntax, bytes, aliases, placeholders, rules across keys), each with
a one-word reason. A new broken file must fail the schema or be listed; a listed one that fails
the schema is listed in vain, and is reported so. Then every mapping of a good spec that a
section of the schema describes gets a misspelt key, and each such copy must fail
(check_probes); every section must be reached so (tests/spec/good/sections.yaml writes the
sections no other good spec does).

The YAML is loaded as the yaml-language-server reads it (YAML 1.2's core schema): only true and
false are booleans, a date stays a text, and a NaN or an infinity, which JSON has not, is a text.

Usage: schema_check.py SOURCE_DIR    Prints each failure and exits 1.
Needs Debian's python3-jsonschema and python3-yaml (scripts/deps.sh).
"""
import copy
import json
import math
import pathlib
import re
import sys

import jsonschema
import yaml

# The broken specs the schema cannot refuse, and why (one word each).
EXEMPT = {
    "alias_cycle.yaml": "aliases",
    "alias_cycle_flow.yaml": "aliases",
    "billion_laughs.yaml": "aliases",
    "bad_date.yaml": "calendar",
    "bad_yaml.yaml": "syntax",
    "deep_nesting.yaml": "nesting",
    "duplicate_key.yaml": "duplicates",
    "leading_zero.yaml": "octal",
    "not_utf8.yaml": "encoding",
    "private_use.yaml": "characters",
    "two_documents.yaml": "documents",
    "unclosed_placeholder.yaml": "placeholders",
    "database_without_query.yaml": "cross-field",
    "header_row_on_query.yaml": "cross-field",
    "query_without_database.yaml": "cross-field",
    "sheet_on_csv.yaml": "cross-field",
    "two_databases.yaml": "cross-field",
}

# Reasons whose files are not even loaded: a YAML error, or a tree that Python would copy
# without end (a cycle, a billion laughs) or past its stack.
UNLOADABLE = {"aliases", "nesting", "syntax", "encoding", "documents"}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema: booleans are true and false only, and there are no dates."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def as_json(value, text):
    """The loaded YAML as JSON holds it: a NaN or an infinity as the text written."""
    if isinstance(value, float) and not math.isfinite(value):
        return text
    if isinstance(value, dict):
        return {str(k): as_json(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v, text) for v in value]
    return value


def load(path):
    text = path.read_text(encoding="utf-8")
    return as_json(yaml.load(text, Loader=Yaml12Loader), "not a number")


def validator(source):
    schema = json.loads((source / "templates/jianbao.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return schema, jsonschema.Draft7Validator(schema)


def first_error(v, document):
    errors = sorted(v.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    e = errors[0]
    return "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200]


def good_specs(source):
    yield from sorted((source / "templates").rglob("*.yaml"))
    yield from sorted((source / "tests/spec/good").glob("*.yaml"))


def check_good(source, v, failures):
    n = 0
    for path in good_specs(source):
        n += 1
        error = first_error(v, load(path))
        if error:
            failures.append(f"{path.relative_to(source)}: a good spec fails the schema: {error}")
    if n < 8:
        failures.append(f"only {n} good specs found")
    return n


def check_broken(source, v, failures):
    n = 0
    for path in sorted((source / "tests/spec/broken").glob("*.yaml")):
        n += 1
        name = path.name
        if EXEMPT.get(name) in UNLOADABLE:
            continue
        try:
            document = load(path)
            error = first_error(v, document)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as e:
            document, error = None, None
            if name not in EXEMPT:
                failures.append(f"broken/{name}: cannot be loaded ({type(e).__name__}): list it "
                                "in EXEMPT with its reason")
                continue
        if name in EXEMPT:
            if error:
                failures.append(f"broken/{name}: fails the schema ({error}) and is listed in "
                                "EXEMPT in vain: take it off the list")
            continue
        if not error:
            expect = path.read_text(encoding="utf-8").splitlines()[0]
            failures.append(f"broken/{name}: passes the schema although the reader refuses it "
                            f"({expect}): make the schema refuse it, or list it in EXEMPT "
                            "with a one-word reason")
    for name in EXEMPT:
        if not (source / "tests/spec/broken" / name).exists():
            failures.append(f"EXEMPT names broken/{name}, which is gone")
    return n


def probe_documents(schema, document, reached):
    """Copies of `document`, each with one misspelt key added to one mapping that a section of
    the schema describes: (the mapping's place, the copy). Adds the sections' names to
    `reached`."""
    definitions = schema["definitions"]

    def resolve(s, name):
        while "$ref" in s:
            name = s["$ref"].split("/")[-1]
            s = definitions[name]
        return s, name

    def walk(s, value, place, name):
        s, name = resolve(s, name)
        for alternative in s.get("anyOf", []) + s.get("oneOf", []):
            alone = jsonschema.Draft7Validator(dict(alternative, definitions=definitions))
            if not first_error(alone, value):
                yield from walk(alternative, value, place, name)
                return
        if isinstance(value, dict) and "properties" in s:  # a section: its keys are fixed
            reached.add(name)
            yield place
            for key, item in value.items():
                if key in s["properties"]:
                    yield from walk(s["properties"][key], item, place + [key], name)
        elif isinstance(value, dict) and isinstance(s.get("additionalProperties"), dict):
            for key, item in value.items():
                yield from walk(s["additionalProperties"], item, place + [key], name)
        elif isinstance(value, list) and "items" in s:
            for i, item in enumerate(value):
                yield from walk(s["items"], item, place + [i], name)

    for place in walk(schema, document, [], "the root"):
        probe = copy.deepcopy(document)
        target = probe
        for step in place:
            target = target[step]
        target["tilte_misspelt"] = "x"
        yield place, probe


def check_probes(source, schema, v, failures):
    n = 0
    reached = set()
    for path in good_specs(source):
        document = load(path)
        for place, probe in probe_documents(schema, document, reached):
            n += 1
            if not first_error(v, probe):
                where = "/".join(str(p) for p in place) or "the root"
                failures.append(f"{path.relative_to(source)}: a misspelt key at {where} passes "
                                "the schema")
    for name in sorted(set(schema["definitions"]) - reached):
        failures.append(f"no good spec writes the section '{name}': add it to "
                        "tests/spec/good/sections.yaml, so that a misspelt key in it is tried")
    return n


def main():
    source = pathlib.Path(sys.argv[1])
    schema, v = validator(source)
    failures = []
    good = check_good(source, v, failures)
    broken = check_broken(source, v, failures)
    probes = check_probes(source, schema, v, failures)
    for f in failures:
        print(f)
    print(f"schema_check: {good} good specs, {broken} broken ({len(EXEMPT)} exempt), "
          f"{probes} misspelt keys: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
