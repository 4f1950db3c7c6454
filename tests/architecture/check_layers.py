#!/usr/bin/env python3
"""Fails when an #include crosses a forbidden edge between the layers of docs/architecture.md.

Each folder under src/ is a layer. A layer may include its own headers, the headers of the
layers listed in LAYER_EDGES, the standard library, and the third-party headers listed in
THIRD_PARTY (drivers stay private to the layer that owns them). The domain must also stay
pure: no clock and no environment.

A public header (a .hpp or .h) must not bring in, through the project headers it includes, a
third-party header its own layer may not include: a service header that includes an interop
header that includes nlohmann/json_fwd.hpp puts nlohmann in front of every service file and
every layer above. KNOWN_EXPOSURES lists the ones being removed, each with its way out.

Usage: check_layers.py SRC_DIR        check a source tree (exit 1 on a violation)
       check_layers.py --self-test    prove the checker catches a violation
"""
import os
import re
import sys
import tempfile

LAYER_EDGES = {
    "common": set(),
    "domain": {"common"},
    "protocol": {"domain", "common"},
    "interop": {"domain", "common"},
    "storage": {"domain", "common"},
    "service": {"domain", "storage", "interop", "common"},
    "http": {"service", "interop", "domain", "common"},
    "cli": {"service", "interop", "protocol", "domain", "common"},
}
# Third-party header prefixes, and the layers allowed to include each.
THIRD_PARTY = {
    "yaml-cpp/": {"protocol"},
    "nlohmann/": {"interop", "cli", "http"},
    "CLI/": {"cli"},
    "soci/": {"storage"},
    "sqlite3.h": {"storage"},
    "libpq-fe.h": {"storage"},
    "restinio/": {"http"},
    "zlib.h": {"http"},  # gzip of API answers: http/static_files.cpp only
    "asio": {"http"},
    "sodium": {"service", "storage"},
    "liboath/": {"service"},  # TOTP codes: service/two_factor.cpp only
    "qrencode.h": {"service"},  # the enrolment's QR code: service/two_factor.cpp only
    "libical/": {"interop"},
    "curl/": {"interop"},
    "cairo": {"interop"},
    "pango/": {"interop"},
    "opencv2/": {"interop"},  # photographs: interop/image/photo_image.cpp only
    "date/": {"common"},  # time zones: common/time_zone.cpp only
    "spdlog/": {"http", "service", "storage", "cli"},
    "fmt/": {"http", "service", "storage", "cli"},
    "benchmark/": set(),
    "gtest/": set(),
    "gmock/": set(),
}
# (header under src/, third-party prefix): exposures being removed; a listed one that no longer
# happens is reported too, so the list only shrinks.
KNOWN_EXPOSURES: set[tuple[str, str]] = set()
IMPURE_DOMAIN = re.compile(r"system_clock::now|steady_clock::now|std::time\(|getenv\(|std::random_device")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def includes_of(path):
    """The quoted and the angled includes of one file."""
    quoted, angled = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = INCLUDE.match(line)
            if m:
                (quoted if m.group(1) == '"' else angled).append(m.group(2))
    return quoted, angled


def exposed_third_party(src, header, seen=None):
    """Every third-party header `header` (relative to src) brings in, directly or through the
    project headers it includes: {third-party header: the chain of project headers to it}."""
    seen = set() if seen is None else seen
    if header in seen or not os.path.isfile(os.path.join(src, header)):
        return {}
    seen.add(header)
    quoted, angled = includes_of(os.path.join(src, header))
    found = {name: [header] for name in angled if any(name.startswith(p) for p in THIRD_PARTY)}
    for name in quoted:
        for third, chain in exposed_third_party(src, name, seen).items():
            found.setdefault(third, [header] + chain)
    return found


def check_public_headers(src):
    problems, exposures = [], set()
    for layer in sorted(LAYER_EDGES):
        root = os.path.join(src, layer)
        if not os.path.isdir(root):
            continue
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith((".hpp", ".h")):
                    continue
                header = os.path.relpath(os.path.join(folder, name), src)
                for third, chain in sorted(exposed_third_party(src, header).items()):
                    prefix = next(p for p in THIRD_PARTY if third.startswith(p))
                    if layer in THIRD_PARTY[prefix] or len(chain) == 1:
                        continue  # allowed, or a direct include (check_tree reports those)
                    if (header, prefix) in KNOWN_EXPOSURES:
                        exposures.add((header, prefix))
                        continue
                    problems.append(
                        f"{os.path.join(src, header)}: public header of layer '{layer}' brings in '{third}' "
                        f"(through {' -> '.join(chain[1:])}), which layer '{layer}' may not see")
    for header, prefix in sorted(KNOWN_EXPOSURES - exposures):
        if os.path.isfile(os.path.join(src, header)):
            problems.append(f"{os.path.join(src, header)}: no longer brings in '{prefix}': remove it from KNOWN_EXPOSURES")
    return problems


def check_tree(src):
    problems = check_public_headers(src)
    for layer in sorted(os.listdir(src)):
        root = os.path.join(src, layer)
        if not os.path.isdir(root):
            continue
        if layer not in LAYER_EDGES:
            problems.append(f"{root}: folder is not a known layer (add it to LAYER_EDGES and docs/architecture.md)")
            continue
        allowed = LAYER_EDGES[layer] | {layer}
        for folder, _, files in os.walk(root):
            for name in files:
                if not name.endswith((".hpp", ".cpp", ".h")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        where = f"{path}:{number}"
                        if layer == "domain" and IMPURE_DOMAIN.search(line):
                            problems.append(f"{where}: the domain reads the clock or the environment")
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        header = m.group(2)
                        top = header.split("/")[0]
                        if m.group(1) == '"' and top in LAYER_EDGES and top not in allowed:
                            problems.append(f"{where}: layer '{layer}' may not include '{header}'")
                        for prefix, owners in THIRD_PARTY.items():
                            if header.startswith(prefix) and layer not in owners:
                                problems.append(f"{where}: layer '{layer}' may not include driver header '{header}'")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "domain"))
        os.makedirs(os.path.join(tmp, "cli"))
        with open(os.path.join(tmp, "domain", "bad.cpp"), "w") as f:
            f.write('#include "cli/cli.hpp"\n#include <nlohmann/json.hpp>\nauto t = std::chrono::system_clock::now();\n')
        with open(os.path.join(tmp, "cli", "good.cpp"), "w") as f:
            f.write('#include "domain/review.hpp"\n#include <CLI/CLI.hpp>\n#include <vector>\n')
        problems = check_tree(tmp)
        assert len(problems) == 3, problems
        assert all("domain/bad.cpp" in p for p in problems), problems
    with tempfile.TemporaryDirectory() as tmp:
        for layer in ("service", "interop", "http"):
            os.makedirs(os.path.join(tmp, layer))
        with open(os.path.join(tmp, "interop", "codec.hpp"), "w") as f:
            f.write('#include <nlohmann/json_fwd.hpp>\n')
        with open(os.path.join(tmp, "service", "leaky.hpp"), "w") as f:
            f.write('#include "interop/codec.hpp"\n')
        with open(os.path.join(tmp, "http", "fine.hpp"), "w") as f:
            f.write('#include "interop/codec.hpp"\n')
        problems = check_tree(tmp)
        assert len(problems) == 1 and "service/leaky.hpp" in problems[0] and "nlohmann" in problems[0], problems
    print("self-test: the checker catches a forbidden include, a driver header, a clock read and a header "
          "that brings a third-party header into a layer that may not see it")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    problems = check_tree(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} layering violation(s)")
        return 1
    print("layers respect their edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
