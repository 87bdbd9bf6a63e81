#!/usr/bin/env python3
"""tests/ci: every key the spec parser accepts is documented in README.md's "## Spec keys".

Reads the key tables of src/spec/*.cpp (`constexpr Key<T> NAME[] = {{"key", reader}, ...}`, and
the `const char* keys[]` lists a reader passes to YamlReader::entries), the font roles of
src/vocab/font_role.cpp (the keys of `fonts:`) and the options of every `choice(...)` call.
Each key table belongs to one subsection of "## Spec keys" (TABLES below): each of its keys must
be named, in backquotes, in the first column of a table row of that subsection. Each option of
a choice must be named in backquotes somewhere in "## Spec keys". A key table this script does
not know is an error too, so that a new one is given its place in the README.

Usage: readme_keys.py REPO_ROOT    Prints what is missing, and exits 1.
       readme_keys.py --self-test  The check on a planted source and README: each miss found.
"""
import pathlib
import re
import sys
import tempfile

# Key table (by its C++ name) -> the subsection of "## Spec keys" ("### TITLE") that lists it.
TABLES = {
    "spec_keys": "The top level",
    "document_keys": "document",
    "page_keys": "page",
    "margin_keys": "page",
    "fonts": "fonts",  # the font roles (src/vocab/font_role.cpp)
    "font_keys": "fonts",
    "style_keys": "styles",
    "typography_keys": "typography",
    "bold_keys": "typography",
    "official_keys": "official",
    "masthead_keys": "masthead",
    "distribution_keys": "masthead",
    "watermark_keys": "watermark",
    "source_keys": "data",
    "pivot_keys": "data",
    "postgres_keys": "data",  # the `keys` list of read_postgres
    "check_keys": "checks",
    "each_keys": "each",
    "param_keys": "params",
    "latest_keys": "params",
    "block_keys": "body: blocks",
    "list_loop_keys": "body: blocks",
    "quote_keys": "body: blocks",
    "table_keys": "body: table",
    "column_keys": "body: table",
    "group_keys": "body: table",
    "sort_keys": "body: table",
    "chart_keys": "body: chart",
    "series_keys": "body: chart",
}

KEY_TABLE = re.compile(r"constexpr\s+Key<[^>]*>\s+(\w+)\[\]\s*=\s*\{")
CHAR_LIST = re.compile(r"const\s+char\s*\*\s*(?:const\s+)?(\w+)\[\]\s*=\s*\{([^}]*)\}")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def skip_string(text, i):
    """The index after the string or character literal starting at text[i]."""
    quote = text[i]
    i += 1
    while text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def table_keys(text, start):
    """The keys of the key table whose initializer's `{` is at text[start]: the first string of
    each entry at brace depth 1 ({"name", reader})."""
    keys, depth, i = [], 0, start
    while True:
        c = text[i]
        if c in "\"'":
            i = skip_string(text, i)
            continue
        if c == "{":
            depth += 1
            if depth == 2:
                m = re.match(r'\{\s*"([^"]*)"', text[i:])
                if m:
                    keys.append(m.group(1))
        elif c == "}":
            depth -= 1
            if depth == 0:
                return keys
        i += 1


def call_args(text, open_paren):
    """The text between the parenthesis at text[open_paren] and its match."""
    depth, i = 0, open_paren
    while True:
        c = text[i]
        if c in "\"'":
            i = skip_string(text, i)
            continue
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            return text[open_paren + 1:i]
        i += 1


OPTION_TABLE = re.compile(r"constexpr\s+(?:detail::)?Option<[^>]*>\s+\w+\[\]\s*=\s*\{")


def choice_options(text):
    """The option strings of every choice: a table `constexpr Option<T> name[] = {{"a", x}, …}`
    (what YamlReader::choice reads), or an r.choice<T>(entry, {{"a", x}, {"b", y}}) call."""
    out = []
    for m in OPTION_TABLE.finditer(text):
        end = text.find("};", m.end())
        out += re.findall(r'\{\s*"([^"]*)"\s*,', text[m.end():end])
    for m in re.finditer(r"\bchoice\s*<", text):
        paren = text.find("(", m.end())
        args = call_args(text, paren)
        brace = args.find("{{")
        if brace >= 0:
            out += re.findall(r'\{\s*"([^"]*)"\s*,', args[brace:])
    return out


def source_keys(root):
    """{table name: keys} and the choice options, from the parser's sources."""
    tables, options = {}, []
    for path in sorted((root / "src/spec").glob("*.cpp")):
        text = path.read_text(encoding="utf-8")
        for m in KEY_TABLE.finditer(text):
            tables[m.group(1)] = table_keys(text, m.end() - 1)
        for m in CHAR_LIST.finditer(text):
            name = m.group(1)
            if name == "keys":  # a reader's own list for YamlReader::entries
                func = text.rfind("\nvoid ", 0, m.start())
                name = re.match(r"\nvoid (\w+)", text[func:]).group(1).replace("read_", "") + "_keys"
            tables[name] = STRING.findall(m.group(2))
        options += choice_options(text)
    roles = root / "src/vocab/font_role.cpp"
    if roles.exists():
        tables["fonts"] = re.findall(r'\{R::\w+,\s*"(\w+)"', roles.read_text(encoding="utf-8"))
    return tables, options


def spec_keys_section(readme):
    """{subsection title: [first cells of its table rows]} and the whole section's text."""
    m = re.search(r"^## Spec keys\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if not m:
        return None, ""
    section = m.group(1)
    subsections = {}
    for part in re.split(r"^### ", section, flags=re.M)[1:]:
        title, _, body = part.partition("\n")
        cells = [row.split("|")[1] for row in body.splitlines()
                 if row.startswith("|") and not re.match(r"^\|[\s:-]+\|", row)]
        subsections[title.strip().strip("`")] = cells
    return subsections, section


def named(cells, key):
    """Whether `key` is one of the backquoted names of these cells (`a.key`, `key: {…}` too)."""
    for cell in cells:
        for quoted in re.findall(r"`([^`]*)`", cell):
            if key in re.findall(r"[A-Za-z0-9_]+", quoted):
                return True
    return False


def check(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    tables, options = source_keys(root)
    subsections, section = spec_keys_section(readme)
    problems = []
    if subsections is None:
        return ["README.md has no '## Spec keys' section"]
    for table, keys in sorted(tables.items()):
        title = TABLES.get(table)
        if title is None:
            problems.append(f"key table '{table}' ({', '.join(keys)}) has no place in this "
                            "check: add it to TABLES in tests/ci/readme_keys.py and document it")
            continue
        if title not in subsections:
            problems.append(f"README.md's '## Spec keys' has no subsection '### {title}' "
                            f"(for '{table}')")
            continue
        for key in keys:
            if not named(subsections[title], key):
                problems.append(f"key '{key}' ({table}) is not documented in README.md "
                                f"'## Spec keys', '### {title}'")
    quoted = set()
    for q in re.findall(r"`([^`]*)`", section):
        quoted.update(re.findall(r"[A-Za-z0-9_.-]+", q))
    for option in sorted(set(options)):
        if option not in quoted:
            problems.append(f"option '{option}' (a choice of the spec parser) is not named in "
                            "README.md '## Spec keys'")
    return problems


def self_test():
    """A planted parser and README: a missing key, a missing option, an unknown table."""
    with tempfile.TemporaryDirectory() as d:
        root = pathlib.Path(d)
        (root / "src/spec").mkdir(parents=True)
        (root / "src/spec/read_x.cpp").write_text(
            'constexpr Key<X> document_keys[] = {\n'
            '    {"title", [](auto& r, auto& e, auto& m) { m.t = r.text(e); }},\n'
            '    {"size", [](auto& r, auto& e, auto& p) {\n'
            '       if (auto s = r.template choice<int>(e, {{"A4", {1, 2}}, {"A5", {3, 4}}})) {}\n'
            '     }},\n'
            '    {"mark", nullptr},\n'
            '};\n'
            'constexpr Key<Y> brand_new_keys[] = {{"thing", nullptr}};\n'
            'constexpr Option<int> sizes[] = {{"A3", 1}, {"A4", 2}};\n', encoding="utf-8")
        (root / "README.md").write_text(
            "# x\n\n## Spec keys\n\n### document\n\n| key | value |\n|---|---|\n"
            "| `title` | a text |\n| `size` | `A4` |\n\n## Next\n\n| `mark` | elsewhere |\n",
            encoding="utf-8")
        found = check(root)
        expected = ["key 'mark' (document_keys)", "option 'A5'", "option 'A3'",
                    "key table 'brand_new_keys'"]
        missing = [e for e in expected if not any(e in p for p in found)]
        wrong = [p for p in found if not any(e in p for e in expected)]
        for p in found:
            print("self-test found: " + p)
        if missing or wrong:
            print(f"self-test failed: not found {missing}, found wrongly {wrong}", file=sys.stderr)
            return 1
    print("self-test: every planted miss was found")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    tables, options = source_keys(root)
    problems = check(root)
    for p in problems:
        print("README.md: error: " + p, file=sys.stderr)
    count = sum(len(k) for k in tables.values())
    print(f"spec keys: {count} keys in {len(tables)} tables, {len(set(options))} options; "
          f"{len(problems)} not documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
