#!/usr/bin/env python3
"""Every message the program can print has a translation in each catalog of src/po.

The messages are the English formats of say("…") and tr("…") in src/ (core/message.hpp),
extracted by xgettext. The check fails, naming file and line, on
  - a message with no translation in a catalog, an empty one, or one marked fuzzy;
  - a translation whose {} fields do not match the English (their number, or their names);
  - a catalog entry no source says any more (run --update, which marks it obsolete);
  - two messages with the same stable code (core::message_code);
  - a log line written with a literal format (spdlog's info/warn/error) instead of say().
With --update it brings the catalogs in step with the sources first (xgettext, msgmerge): new
messages then appear untranslated, for a translator to fill in.

  messages_check.py SRC_DIR [--update] [--self-test]
"""
import pathlib
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["--add-comments=TRANSLATORS:", "--keyword=say:1", "--keyword=tr:1", "--flag=say:1:python-brace-format"]
LOG_LITERAL = re.compile(r"\.(info|warn|error|critical)\(\s*\"|verbatim\(\s*\"")


def sources(src):
    return sorted(p for p in src.rglob("*") if p.suffix in (".cpp", ".hpp"))


def extract(src, out):
    files = [str(p.relative_to(src.parent)) for p in sources(src)]
    subprocess.run(["xgettext", "--language=C++", "--from-code=UTF-8", "--no-wrap",
                    "--sort-by-file", "--package-name=jianbao", *KEYWORDS, "-o", str(out), *files],
                   check=True, cwd=src.parent)


def unquote(s):
    """A PO string's text: its C escapes undone."""
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(0)), s)


def parse_po(text):
    """Entries as dicts: msgid, msgstr, fuzzy, obsolete, refs, line."""
    entries, cur, field = [], None, None

    def flush():
        if cur is not None and "msgid" in cur:
            entries.append(cur)

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            flush()
            cur, field = None, None
            continue
        if cur is None:
            cur = {"msgstr": "", "fuzzy": False, "obsolete": False, "refs": [], "line": n}
        if line.startswith("#,"):
            cur["fuzzy"] |= "fuzzy" in line
        elif line.startswith("#:"):
            cur["refs"] += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            field = "msgid"
            cur["msgid"] = unquote(line[6:].strip()[1:-1])
            cur["obsolete"] = obsolete
        elif line.startswith("msgstr "):
            field = "msgstr"
            cur["msgstr"] = unquote(line[7:].strip()[1:-1])
        elif line.startswith('"') and field:
            cur[field] += unquote(line[1:-1])
    flush()
    return entries


def fields(fmt):
    """The {} fields of a format, as their names (positions for bare ones)."""
    text = fmt.replace("{{", "").replace("}}", "")
    names, auto = [], 0
    for m in re.finditer(r"\{([^{}]*)\}", text):
        name = m.group(1).split(":")[0]
        if name == "":
            name, auto = str(auto), auto + 1
        names.append(name)
    return sorted(names)


def code(msgid):
    h = 2166136261
    for b in msgid.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    h = (h >> 24) ^ (h & 0xFFFFFF)
    return "JB%06X" % h


def check(src):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "jianbao.pot"
        extract(src, pot)
        messages = [e for e in parse_po(pot.read_text("utf-8")) if e["msgid"]]
    ids = {e["msgid"]: e for e in messages}
    codes = {}
    for m in messages:
        other = codes.setdefault(code(m["msgid"]), m["msgid"])
        if other != m["msgid"]:
            problems.append(f"messages {other!r} and {m['msgid']!r} share the code {code(other)}")
    catalogs = sorted((src / "po").glob("*.po"))
    if not catalogs:
        problems.append(f"no catalog in {src / 'po'}")
    for po in catalogs:
        entries = {e["msgid"]: e for e in parse_po(po.read_text("utf-8")) if e["msgid"]}
        for m in messages:
            where = m["refs"][0] if m["refs"] else "?"
            e = entries.get(m["msgid"])
            if e is None or e["obsolete"]:
                problems.append(f"{where}: no {po.stem} translation of {m['msgid']!r}")
            elif not e["msgstr"]:
                problems.append(f"{po.name}:{e['line']}: {m['msgid']!r} is not translated")
            elif e["fuzzy"]:
                problems.append(f"{po.name}:{e['line']}: the translation of {m['msgid']!r} "
                                "is marked fuzzy")
            elif fields(e["msgstr"]) != fields(m["msgid"]):
                problems.append(f"{po.name}:{e['line']}: the translation of {m['msgid']!r} has "
                                f"the fields {fields(e['msgstr'])}, the English "
                                f"{fields(m['msgid'])}")
        for msgid, e in entries.items():
            if msgid not in ids and not e["obsolete"]:
                problems.append(f"{po.name}:{e['line']}: {msgid!r} is no message of the sources "
                                "any more (messages_check.py --update marks it obsolete)")
        fmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                             capture_output=True, text=True)
        if fmt.returncode != 0:
            problems.append(f"msgfmt --check {po.name}: {fmt.stderr.strip()}")
    for path in sources(src):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if LOG_LITERAL.search(line):
                problems.append(f"{path}:{n}: a log line with a literal format: write it "
                                "with core::say() so that it is translated")
    return problems, len(messages)


def update(src):
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "jianbao.pot"
        extract(src, pot)
        for po in sorted((src / "po").glob("*.po")):
            subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--no-wrap",
                            "--no-fuzzy-matching", "--sort-by-file", str(po), str(pot)],
                           check=True)


def self_test():
    """The check finds a missing, a fuzzy and a mismatched translation in a planted tree."""
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "src"
        (src / "po").mkdir(parents=True)
        (src / "a.cpp").write_text('auto a = say("one {}", 1);\nauto b = say("two");\n'
                                   'auto c = say("three {} {}", 1, 2);\nauto d = tr("four");\n'
                                   'void f() { log.info("raw {}", 1); }\n')
        (src / "po" / "zh_CN.po").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "one {}"\nmsgstr "一{}"\n\n#, fuzzy\nmsgid "two"\nmsgstr "二"\n\n'
            'msgid "three {} {}"\nmsgstr "三{}"\n\nmsgid "gone"\nmsgstr "无"\n', "utf-8")
        problems, n = check(src)
        text = "\n".join(problems)
        expected = ["'two' is marked fuzzy", "no zh_CN translation of 'four'",
                    "'three {} {}' has the fields", "'gone' is no message",
                    "a log line with a literal format"]
        missing = [e for e in expected if e not in text]
        if n != 4 or missing or "'one {}'" in text:
            print(f"self-test failed: {n} messages; not found: {missing}\n{text}")
            return 1
    print("self-test: the check finds each planted problem")
    return 0


def main(argv):
    if "--self-test" in argv:
        return self_test()
    src = pathlib.Path(argv[1]).resolve()
    if "--update" in argv:
        update(src)
    problems, n = check(src)
    for p in problems:
        print(p)
    print(f"{n} messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
