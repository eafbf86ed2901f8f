#!/usr/bin/env python3
"""Write the first sketch of assets/muscles.ron from the muscle outlines of
shared/reference/anatomy_for_drawing.md (section 2.2), using the muscle ids of data/atlas.ron.

    python3 tools/muscles_from_reference.py [--md PATH] [--atlas data/atlas.ron] [-o assets/muscles.ron]

Each `- front|back|lateral [part] (layer): (x, y) ...` line becomes a MuscleShape. Front and back
shapes are the person's left side (the app mirrors them); lateral shapes are in the lateral
frame (x from the plumb line, positive toward the front) and go on the `Left` view, which the
app mirrors for the right. The result is a starting sketch: edit the art file, not this script.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^- (front|back|lateral)(?: \[([^\]]+)\])? \((superficial|intermediate|deep)\): (.*)$")
HEAD = re.compile(r"^#####\s+\d+\.\s+(.*?)(?:\s+\*\(later\)\*)?\s*$")
PAIR = re.compile(r"\(\s*(-?[\d.]+),\s*(-?[\d.]+)\s*\)")
MUSCLE = re.compile(r'Muscle\(\s*id: "([^"]+)",\s*name: "([^"]+)"', re.S)

# Reference headings whose muscle id is not the slug of their first words.
ALIASES = {
    "Trapezius (upper, middle, lower)": {"upper": "upper-trapezius", "middle": "middle-trapezius", "lower": "lower-trapezius"},
    "Flexor digitorum superficialis / profundus": "flexor-digitorum-superficialis-profundus",
    "Adductor longus / brevis": "adductor-longus-brevis",
    "Semitendinosus / semimembranosus": "semitendinosus-semimembranosus",
    "Extensor digitorum brevis / extensor hallucis brevis": "extensor-digitorum-brevis",
    "Multifidi (lumbar, sacral)": "lumbosacral-multifidi",
    "Cervical multifidi": "cervical-multifidi",
    "Suboccipital muscles": "suboccipitals",
    "Scalenes": "scalenes",
    "Abductor digiti minimi (hand)": "abductor-digiti-minimi-hand",
    "Dorsal interossei (2nd-4th)": "dorsal-interossei-hand",
    "Gemelli (superior and inferior)": "gemelli",
    "Pelvic floor (levator ani, coccygeus)": "pelvic-floor",
    "Peroneus longus": "peroneus-longus",
    "Peroneus brevis": "peroneus-brevis",
    "Peroneus tertius": "peroneus-tertius",
}


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--md", default=os.path.join(HERE, "..", "..", "shared", "reference", "anatomy_for_drawing.md"))
    ap.add_argument("--atlas", default=os.path.join(HERE, "..", "data", "atlas.ron"))
    ap.add_argument("-o", "--out", default=os.path.join(HERE, "..", "assets", "muscles.ron"))
    a = ap.parse_args()
    ids = {m[0] for m in MUSCLE.findall(open(a.atlas, encoding="utf-8").read())}
    shapes, name, missing = [], None, set()
    for line in open(a.md, encoding="utf-8"):
        h = HEAD.match(line.strip())
        if h:
            name = h.group(1).strip()
            continue
        m = LINE.match(line.strip())
        if not (m and name):
            continue
        view, part, layer, rest = m.groups()
        alias = ALIASES.get(name)
        if isinstance(alias, dict):
            mid = alias.get(part or "")
        elif alias:
            mid = alias
        else:
            base = name.split(" (")[0]
            mid = slug(base)
        if mid not in ids:
            missing.add(f"{name} -> {mid}")
            continue
        pts = [(float(x), float(y)) for x, y in PAIR.findall(rest)]
        shapes.append((mid, {"front": "Front", "back": "Back", "lateral": "Left"}[view], layer.capitalize(), pts))
    if missing:
        print("no atlas muscle for:", *sorted(missing), sep="\n  ", file=sys.stderr)
    out = [
        "// Trigger Atlas muscle art: the shape of each muscle on the views where it can be seen,",
        "// and its layer there (Superficial, Intermediate, or Deep, drawn dashed). Front and back",
        "// shapes are the person's left side, mirrored for the right; `Left` shapes are the side",
        "// view in its own frame (x from the plumb line through the ear, positive toward the front),",
        "// mirrored for the right side view. Closed Catmull-Rom curves, like the body art.",
        "// First sketch: tools/muscles_from_reference.py, from shared/reference/anatomy_for_drawing.md.",
        "MuscleArt(",
        "    shapes: [",
    ]
    for mid, view, layer, pts in shapes:
        p = ", ".join(f"({x:.4f}, {y:.4f})" for x, y in pts)
        out.append(f'        MuscleShape(muscle: "{mid}", view: {view}, layer: {layer}, shape: [{p}]),')
    out += ["    ],", ")", ""]
    open(a.out, "w", encoding="utf-8").write("\n".join(out))
    print(f"{a.out}: {len(shapes)} shapes of {len({s[0] for s in shapes})} muscles")


if __name__ == "__main__":
    main()
