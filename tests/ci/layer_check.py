#!/usr/bin/env python3
"""tests/ci: every #include "..." in src/ against the order of the stages (src/README.md).

A file may include headers of its own room and of the rooms below it, never of a later one:
  core < vocab < spec < data < model < layout < fonts < render/chart, render/pdf < output < app
  < main.cpp
render/chart and render/pdf are siblings: neither includes the other. The rooms after model
(layout, fonts, the renderers, output) read the model's Document, never the spec or the data:
they do not include spec/ or data/ (what they share with the spec is in vocab/). In model only
build_document, which reads the spec, and params (its parameters) include spec/. An include of no known room is refused
too, so that a new room is placed in the order here before it is used.

Usage: layer_check.py SRC_DIR    Prints FILE:LINE: the forbidden include, and exits 1.
       layer_check.py --self-test  The check on a planted tree: each kind of include refused.
"""
import pathlib
import re
import sys

ORDER = ["core", "vocab", "spec", "data", "model", "layout", "fonts",
         ("render/chart", "render/pdf"), "output", "app", "main.cpp"]
RANK = {}
for rank, rooms in enumerate(ORDER):
    for room in (rooms if isinstance(rooms, tuple) else (rooms,)):
        RANK[room] = rank

# Rooms a room may not include although they lie below it: the files excepted, and why.
READ_DOCUMENT = (set(), "the stages after model read its Document")
AFTER_MODEL = {"spec": READ_DOCUMENT, "data": READ_DOCUMENT}
NARROWER = {
    "model": {"spec": ({"model/build_document.hpp", "model/build_document.cpp",
                        "model/params.hpp", "model/params.cpp"},
                       "only build_document and params (the spec's parameters) read the spec")},
    "layout": AFTER_MODEL, "fonts": AFTER_MODEL, "render/chart": AFTER_MODEL,
    "render/pdf": AFTER_MODEL, "output": AFTER_MODEL,
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def room_of(path):
    """The room of a path relative to src/ ("render/chart/x.hpp" -> "render/chart")."""
    for room in sorted(RANK, key=len, reverse=True):
        if path == room or path.startswith(room + "/"):
            return room
    return None


def problems(src):
    for file in sorted(src.rglob("*")):
        if file.suffix not in (".cpp", ".hpp", ".h") or not file.is_file():
            continue
        rel = file.relative_to(src).as_posix()
        room = room_of(rel)
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            where = f"src/{rel}:{number}: #include \"{target}\""
            to = room_of(target)
            if room is None:
                yield f"{where}: src/{rel} is in no room of the stage order"
            elif to is None:
                yield f"{where}: '{target}' is in no room of the stage order"
            elif to == room:
                continue
            elif RANK[to] > RANK[room]:
                yield f"{where}: {room} may not include {to}, a later stage"
            elif RANK[to] == RANK[room]:
                yield f"{where}: {room} may not include {to}, its sibling"
            elif to in NARROWER.get(room, {}) and rel not in NARROWER[room][to][0]:
                yield f"{where}: {room} may not include {to}: {NARROWER[room][to][1]}"


def self_test():
    """The check on a small tree with one include of each forbidden kind, and allowed ones."""
    import tempfile
    planted = {
        "core/a.hpp": ['#include "core/b.hpp"'],
        "model/document.hpp": ['#include "vocab/font_role.hpp"', '#include "layout/lay_out.hpp"',
                               '#include "spec/job_spec.hpp"'],
        "model/build_document.cpp": ['#include "spec/job_spec.hpp"'],
        "layout/x.cpp": ['#include "model/document.hpp"', '#include "data/csv.hpp"'],
        "render/chart/y.cpp": ['#include "fonts/font_set.hpp"',
                               '#include "render/pdf/render_pdf.hpp"'],
        "app/z.cpp": ['#include "spec/parse_spec.hpp"', '#include "nowhere.hpp"'],
    }
    expected = [
        'src/app/z.cpp:2: #include "nowhere.hpp": \'nowhere.hpp\' is in no room',
        'src/layout/x.cpp:2: #include "data/csv.hpp": layout may not include data',
        'src/model/document.hpp:2: #include "layout/lay_out.hpp": model may not include layout,'
        ' a later stage',
        'src/model/document.hpp:3: #include "spec/job_spec.hpp": model may not include spec',
        'src/render/chart/y.cpp:2: #include "render/pdf/render_pdf.hpp": render/chart may not'
        ' include render/pdf, its sibling',
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for rel, lines in planted.items():
            path = pathlib.Path(tmp, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n")
        found = list(problems(pathlib.Path(tmp)))
    ok = len(found) == len(expected) and all(f.startswith(e) for f, e in zip(found, expected))
    print("\n".join(found))
    print("self-test " + ("passed" if ok else "FAILED: expected\n" + "\n".join(expected)))
    return 0 if ok else 1


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    if not (src / "core").is_dir():
        print(f"error: {src} is not the source folder", file=sys.stderr)
        return 2
    found = list(problems(src))
    for p in found:
        print(f"error: {p}", file=sys.stderr)
    checked = sum(1 for f in src.rglob("*") if f.suffix in (".cpp", ".hpp", ".h"))
    print(f"{checked} files checked, {len(found)} forbidden includes")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
