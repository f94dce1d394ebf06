#!/usr/bin/env python3
"""What a therapist might write instead of mmx: parse every .toml file of a
practice with the standard library's tomllib, and check nothing. The
benchmark's baseline for "a plain script"."""
import os
import sys
import tomllib

files = broken = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                try:
                    tomllib.load(f)
                except tomllib.TOMLDecodeError:
                    broken += 1
            files += 1
print(f"{files} files, {broken} not valid TOML")
