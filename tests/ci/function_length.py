#!/usr/bin/env python3
"""tests/ci: no function in src/ is longer than LIMIT lines (120; src/README.md, "short units").

A function is a brace block opened right after a parameter list `(...)` whose enclosing block is
a namespace, a class or the file itself; its length runs from the line of its name to its closing
brace. Lambdas and local blocks count as part of the function around them. Comments, strings
and character literals are blanked out first, so braces inside them do not count.

Usage: function_length.py [--limit N] [--top K] SRC_DIR
Exits 1 and names each function (FILE:LINE: name, N lines) over the limit; --top K also prints
the K longest functions.
"""
import argparse
import pathlib
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "do", "else", "try", "return", "sizeof"}


def blank(text):
    """Comments, string and character literals replaced by spaces (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(path):
    """(name, first line, line count) of every function defined in the file."""
    text = blank(path.read_text(encoding="utf-8"))
    found = []
    stack = []  # kinds of the open blocks: "scope" (namespace, class, file-like) or "body"
    start = 0  # where the current statement began (after the last ; { or })
    for i, c in enumerate(text):
        if c == "{":
            head = text[start:i]
            kind = "body"
            in_scope = all(k == "scope" for k in stack)
            words = head.split()
            if re.search(r"\b(namespace|class|struct|union|enum)\b", head) and "(" not in head:
                kind = "scope"
            elif re.fullmatch(r"\s*extern\s*", head):  # extern "C" { (the string blanked)
                kind = "scope"
            elif in_scope and ")" in head and words:
                name_m = re.search(r"([~A-Za-z_][\w:~<>=!+\-*/&|\[\] ]*?)\s*\(", head)
                first = name_m.group(1).split()[-1] if name_m and name_m.group(1).split() else ""
                if first not in CONTROL and not head.strip().startswith("="):
                    line = text.count("\n", 0, start + len(head) - len(head.lstrip())) + 1
                    stack.append(("function", first, line))
                    start = i + 1
                    continue
            stack.append(kind)
            start = i + 1
        elif c == "}":
            if stack:
                top = stack.pop()
                if isinstance(top, tuple):
                    _, name, line = top
                    end = text.count("\n", 0, i) + 1
                    found.append((name, line, end - line + 1))
            start = i + 1
        elif c == ";":
            start = i + 1
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=120)
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("src")
    args = ap.parse_args()
    root = pathlib.Path(args.src)
    everything = []
    for path in sorted(root.rglob("*")):
        if path.suffix in (".cpp", ".hpp", ".cc", ".h") and path.is_file():
            for name, line, count in functions(path):
                everything.append((count, f"{path.relative_to(root.parent)}:{line}", name))
    everything.sort(reverse=True)
    for count, where, name in everything[: args.top]:
        print(f"{count:5d}  {where}: {name}")
    over = [f for f in everything if f[0] > args.limit]
    for count, where, name in over:
        print(f"{where}: error: function '{name}' is {count} lines (at most {args.limit})",
              file=sys.stderr)
    print(f"{len(everything)} functions, {len(over)} over {args.limit} lines")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
