#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest, as flatpak-builder would read it: the GNOME runtime, Keyfob as its
one module (every library Keyfob needs is in the runtime), and exactly the permissions Keyfob
needs. Tokens reach the keyring through libsecret and the Secret portal, so the sandbox gets
neither the keyring's bus name nor the home folder.

Usage: test-flatpak-manifest.py MANIFEST SOURCE_ROOT
"""

import json
import os
import re
import sys

APP_ID = "io.github.keyfob.Keyfob"

# What the build needs that org.gnome.Platform holds (pkg-config names).
RUNTIME_PROVIDES = {
    "glib-2.0", "gio-2.0", "libsecret-1", "libsoup-3.0", "json-glib-1.0", "gtk4",
    "libadwaita-1",
}

FINISH_ARGS = [
    "--share=ipc",       # X11's shared memory
    "--share=network",   # live checks against the vendors
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",      # GTK's GL renderer
]

FORBIDDEN = ("--talk-name=org.freedesktop.secrets", "--filesystem=home", "--filesystem=host")


def fail(message):
    print(f"not ok: {message}", file=sys.stderr)
    sys.exit(1)


def required_dependencies(root):
    """The pkg-config names every meson.build asks for, optional ones left out."""
    names = set()
    pattern = re.compile(r"dependency\(\s*'([^']+)'([^)]*)\)")
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(("_build", "."))]
        if "meson.build" not in files:
            continue
        with open(os.path.join(directory, "meson.build"), encoding="utf-8") as build:
            for match in pattern.finditer(build.read()):
                if "required: false" not in match.group(2):
                    names.add(match.group(1))
    return names


def main():
    manifest_path, root = sys.argv[1], sys.argv[2]

    with open(manifest_path, encoding="utf-8") as manifest_file:
        try:
            manifest = json.load(manifest_file)
        except json.JSONDecodeError as error:
            fail(f"{manifest_path} is not JSON: {error}")

    expected = {
        "id": APP_ID,
        "runtime": "org.gnome.Platform",
        "sdk": "org.gnome.Sdk",
        "command": "keyfob",
    }
    for key, value in expected.items():
        if manifest.get(key) != value:
            fail(f"{key} is {manifest.get(key)!r}, not {value!r}")
    if not re.fullmatch(r"[0-9]+", str(manifest.get("runtime-version", ""))):
        fail(f"runtime-version {manifest.get('runtime-version')!r} is not a stable release")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        if arg.startswith(FORBIDDEN):
            fail(f"finish-args holds {arg}")
    if finish_args != FINISH_ARGS:
        fail(f"finish-args are {finish_args}, not {FINISH_ARGS}")

    modules = manifest.get("modules", [])
    if [module.get("name") for module in modules] != ["keyfob"]:
        fail(f"modules are {[m.get('name') for m in modules]}, not Keyfob alone")
    keyfob = modules[0]
    if keyfob.get("buildsystem") != "meson":
        fail("Keyfob's module does not build with meson")
    # The tests need the shells, man and systemd-analyze that build-aux/dev installs, which
    # the SDK lacks; the sandbox runs no test anyway.
    if keyfob.get("config-opts") != ["-Dtests=false"]:
        fail(f"Keyfob's module is configured with {keyfob.get('config-opts')}, "
             "not -Dtests=false alone")
    sources = keyfob.get("sources", [])
    if len(sources) != 1 or sources[0].get("type") != "dir":
        fail("Keyfob's module does not build this source tree")
    source_dir = os.path.normpath(os.path.join(os.path.dirname(manifest_path),
                                               sources[0].get("path", "")))
    if os.path.realpath(source_dir) != os.path.realpath(root):
        fail(f"Keyfob's module builds {source_dir}, not {root}")

    missing = required_dependencies(root) - RUNTIME_PROVIDES
    if missing:
        fail(f"the build needs {sorted(missing)}: add them as modules, or to RUNTIME_PROVIDES "
             "if org.gnome.Platform has them")

    print("ok: the Flatpak manifest")


main()
