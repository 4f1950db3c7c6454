#!/usr/bin/env python3
"""Clinical sentences and numbers belong to the protocol (protocol/default/*.yaml, a source
each), never to C++ or TypeScript: a clinic edits its protocol, not the code.

Scans the string literals (and JSX text) of src/ and web/src/ for clinical wording and for
numbers with clinical units, and fails naming file:line for each one not in ALLOWED.
Identifiers and keys ("cold_sore_history") are not sentences and are ignored: only text
with a space in it is checked. Usage: check_clinical_text.py REPO_ROOT [--self-test]"""
import os
import re
import sys

# Clinical wording: a hit in a sentence of the code means the sentence belongs to the protocol.
PATTERNS = [
    r"\bcold sores?\b", r"\bherpes\b", r"\bpus\b", r"\bfever\b", r"\bkeloid", r"\bsunburn", r"\bpregnan",
    r"\bbreastfeed", r"\bisotretinoin\b", r"\banticoagula", r"\bblood thinner", r"\bimmunosuppress",
    r"\bskin cancer\b", r"\bradiotherapy\b", r"\bgranulom", r"\bhyperpigment", r"\bhypopigment",
    r"\binfection\b", r"\bblisters?\b", r"\ballergic reaction\b", r"\bemergency services\b",
    r"\bredness and swelling\b", r"\bsettle within\b", r"\bkeep(s)? improving\b", r"\bcollagen\b",
    r"\bsun ?screen\b.*\bdays?\b", r"\bspf ?\d", r"\bretinoids?\b.*\bday\b", r"\bnumbing cream takes\b",
    r"\bimproves? rather than\b", r"\ball skin types\b", r"\bminutes of needling\b", r"\bneedling about\b",
    r"\bmake-?up for\b", r"\bdirect sun\b", r"\bcall the clinic\b",
    # the plan's reasons say facts in the protocol's words (planning.yaml facts_in_words)
    r"\bscars are\b", r"\bof the atrophic scars\b", r"\bof all scars\b", r"\bscars in all\b",
    r"^Goodman & Baron (qualitative grade|quantitative score) $", r"\bskin type $", r"^ (atrophic|deep|raised) scars$",
    # numbers with clinical units, in a sentence
    r"\b\d+(\.\d+)?\s?(mm|millimet(er|re)s?)\b",
    r"\b\d+(\.\d+)?\s?(-|to|–)\s?\d+\s?(hours|days|weeks|months)\b",
    r"\b(for|after|within|about)\s\d+\s(hours|days|weeks|months)\b",
]
PATTERN = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)

# Known sentences that stay in the code for now, each with its reason. Keep this list short;
# it is the work left to move into the protocol.
ALLOWED = {
    # (file relative to the repository, a substring of the literal): reason
    ("web/src/components/scar_inventory.tsx", "Keloidal area (cm"):
        "the Goodman & Baron inventory's field label (a scale's term, not advice), at the consultation and a re-assessment",
    ("web/src/pages/portal/check_in.tsx", "Call emergency services now"):
        "the emergency banner's heading; the advice itself comes from recovery.yaml patient_advice",
}

CPP_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
TS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`")
JSX_TEXT = re.compile(r">([^<>{}]*[A-Za-z][^<>{}]*)<")


def literals(path, text):
    """(line number, literal text) for each string literal and JSX text of a source file."""
    ts = path.endswith((".ts", ".tsx"))
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(("//", "*", "/*", "#include")):
            continue
        code = re.sub(r"\s//.*$", "", line) if not ts else line
        for m in (TS_STRING if ts else CPP_STRING).finditer(code):
            out.append((n, next(g for g in m.groups() if g is not None) if ts else m.group(1)))
        if path.endswith(".tsx"):
            for m in JSX_TEXT.finditer(code):
                out.append((n, m.group(1)))
    return out


def problems(root):
    found = []
    for base, exts in (("src", (".cpp", ".hpp", ".in")), ("web/src", (".ts", ".tsx"))):
        for folder, _, files in os.walk(os.path.join(root, base)):
            for name in sorted(files):
                if not name.endswith(exts):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for n, literal in literals(path, text):
                    if " " not in literal.strip() or not PATTERN.search(literal):
                        continue
                    if any(rel == file and part in literal for (file, part) in ALLOWED):
                        continue
                    found.append(f"{rel}:{n}: clinical text belongs to the protocol: {literal.strip()[:100]!r}")
    return found


def self_test():
    assert PATTERN.search("Call the clinic at once for pus, spreading redness, fever")
    assert PATTERN.search("needle depth 1.5 mm")
    assert PATTERN.search("keep improving for 3-6 months")
    assert not PATTERN.search("cold_sore_history")
    assert PATTERN.search("ice pick scars are ") and PATTERN.search("Fitzpatrick skin type ")
    assert PATTERN.search(" deep scars") and not PATTERN.search("Deep scars")
    assert literals("x.cpp", 'f("a b"); // "not this"') == [(1, "a b")]
    assert literals("x.tsx", "<p>Pus or crusts</p>") == [(1, "Pus or crusts")]
    print("self-test ok")


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        self_test()
        sys.exit(0)
    found = problems(sys.argv[1] if len(sys.argv) > 1 else ".")
    for p in found:
        print(p)
    print(f"{len(found)} clinical sentence(s) or number(s) in code" if found else "no clinical text in code")
    sys.exit(1 if found else 0)
