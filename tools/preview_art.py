#!/usr/bin/env python3
"""Preview the body art in assets/body.ron as a PNG (front, back and, where drawn, side views).

Needs python3 and Pillow (`pip install pillow`).

The curves follow the app's rule exactly: every point list is a uniform Catmull-Rom spline
(tension 0.5) turned into cubic Beziers with c1 = P1 + (P2 - P0)/6, c2 = P2 - (P3 - P1)/6.
Outline and region shapes are closed loops; lines are open (end segments use the end point
itself as the missing neighbour). The half outline (person's left, x >= 0) is mirrored and
joined into one closed outline; bilateral regions and `mirror: true` lines are drawn on both
sides; midline regions are drawn once, as given. On the Front view the person's left is on
the viewer's right, on the Back view on the viewer's left.

The side view (`ViewArt(view: Left, ...)`) uses the lateral frame: x is the offset from the plumb
line through the ear canal, positive toward the front of the body. Its outline is the full closed
loop of the silhouette, its regions and lines are drawn once, as given (nothing is mirrored, and
`mirror` is ignored). The left side view is drawn with u = -x (face toward the viewer's left); the
right side view is its mirror image (u = +x), drawn from the same art (`--views ...,right`,
`--zoom right:...`). Dots for the side views are given in the lateral frame (`left:x,y,...`).

Examples:
    python3 tools/preview_art.py                         # -> /tmp/art/body.png
    python3 tools/preview_art.py --regions -o /tmp/art/regions.png
    python3 tools/preview_art.py --dots 0.075,0.825,0.05,0.29
    python3 tools/preview_art.py --zoom front:-0.07,0.85,0.07,1.01 --scale 3600 -o head.png
    python3 tools/preview_art.py --zoom left:-0.08,0.84,0.08,1.01 --scale 3600 -o side_head.png
    python3 tools/preview_art.py --views left,right --regions -o /tmp/art/sides.png
    python3 tools/preview_art.py --dots "left:0.020,0.930;front:0.040,0.950"
    python3 tools/preview_art.py --check --vocab ../shared/reference/referral_table.md
"""
import argparse
import colorsys
import os
import re
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFont

MIDLINE = {"vertex", "throat", "mouth", "sternum", "sacrum", "coccyx", "gluteal_cleft",
           "pelvic_floor", "genitals"}

# Side views: drawn from the one `view: Left` art; Right is its mirror image.
SIDE_VIEWS = ("Left", "Right")
VIEW_NAMES = {"front": "Front", "back": "Back", "left": "Left", "right": "Right",
              "side": "Left", "lateral": "Left"}

SKIN = (226, 214, 202)
OUTLINE = (74, 68, 66)
DETAIL = (128, 112, 104)
BACKGROUND = (250, 250, 248)


# ----------------------------------------------------------------------------- RON reader
class Struct(dict):
    """A named RON struct: fields in the dict, the name in .name."""

    def __init__(self, name, fields):
        super().__init__(fields)
        self.name = name


_TOKEN = re.compile(r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[()\[\]{}:,])
""", re.S | re.X)


def _tokens(text):
    pos = 0
    out = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"RON: unexpected character {text[pos]!r} at offset {pos}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        val = m.group(kind)
        if kind == "str":
            val = bytes(val[1:-1], "utf-8").decode("unicode_escape")
        elif kind == "num":
            val = float(val)
        out.append((kind, val))
    return out


class _Parser:
    def __init__(self, text):
        self.t = _tokens(text)
        self.i = 0

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else (None, None)

    def take(self, punct=None):
        tok = self.peek()
        if punct is not None and tok != ("punct", punct):
            raise ValueError(f"RON: expected {punct!r}, got {tok[1]!r} (token {self.i})")
        self.i += 1
        return tok

    def value(self):
        kind, val = self.peek()
        if kind in ("num", "str"):
            self.i += 1
            return val
        if kind == "id":
            self.i += 1
            if val == "true":
                return True
            if val == "false":
                return False
            if val == "None":
                return None
            if self.peek() == ("punct", "("):
                inner = self.paren(val)
                if val == "Some" and isinstance(inner, list) and len(inner) == 1:
                    return inner[0]
                return inner
            return val  # unit enum variant, e.g. Front
        if (kind, val) == ("punct", "("):
            return self.paren(None)
        if (kind, val) == ("punct", "["):
            self.take("[")
            items = []
            while self.peek() != ("punct", "]"):
                items.append(self.value())
                if self.peek() == ("punct", ","):
                    self.take(",")
            self.take("]")
            return items
        raise ValueError(f"RON: unexpected token {val!r}")

    def paren(self, name):
        self.take("(")
        is_struct = self.peek()[0] == "id" and self.peek(1) == ("punct", ":")
        fields, items = {}, []
        while self.peek() != ("punct", ")"):
            if is_struct:
                key = self.take()[1]
                self.take(":")
                fields[key] = self.value()
            else:
                items.append(self.value())
            if self.peek() == ("punct", ","):
                self.take(",")
        self.take(")")
        if is_struct:
            return Struct(name, fields)
        if name is not None and name != "Some":
            return Struct(name, {"_": items})
        return items if name == "Some" or len(items) != 2 or not all(
            isinstance(v, float) for v in items) else tuple(items)


def load_ron(path):
    with open(path, encoding="utf-8") as f:
        return _Parser(f.read()).value()


# ----------------------------------------------------------------------------- curves
def _pts(seq):
    return [(float(p[0]), float(p[1])) for p in seq]


def beziers(points, closed):
    """Catmull-Rom (uniform, tension 0.5) -> list of cubic Beziers (p1, c1, c2, p2)."""
    n = len(points)
    if n < 2:
        return []
    segs = []
    count = n if closed else n - 1
    for i in range(count):
        if closed:
            p0, p1, p2, p3 = (points[(i - 1) % n], points[i], points[(i + 1) % n],
                              points[(i + 2) % n])
        else:
            p0 = points[i - 1] if i > 0 else points[i]
            p1, p2 = points[i], points[i + 1]
            p3 = points[i + 2] if i + 2 < n else points[i + 1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6.0, p1[1] + (p2[1] - p0[1]) / 6.0)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6.0, p2[1] - (p3[1] - p1[1]) / 6.0)
        segs.append((p1, c1, c2, p2))
    return segs


def sample(points, closed, steps=16):
    out = []
    for p1, c1, c2, p2 in beziers(points, closed):
        for k in range(steps):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p1[0] + b * c1[0] + c * c2[0] + d * p2[0],
                        a * p1[1] + b * c1[1] + c * c2[1] + d * p2[1]))
    if not closed and points:
        out.append(points[-1])
    return out


def mirror(points):
    return [(-x, y) for x, y in points]


def full_outline(half):
    """Join the left half (from the vertex to the crotch, both on x = 0) with its mirror."""
    half = _pts(half)
    return half + mirror(list(reversed(half[1:-1])))


def is_side(view):
    """True for the side (lateral) view art, or a view name of it."""
    name = view if isinstance(view, str) else view["view"]
    return name in SIDE_VIEWS


def outline_loop(view):
    """The closed outline of a view: mirrored half for front/back, the full loop for the side."""
    if is_side(view):
        return _pts(view["outline"])
    return full_outline(view["outline"])


# ----------------------------------------------------------------------------- drawing
class Frame:
    """Maps body coordinates (x toward the person's left, y up, in H) to pixels.

    For the side views x is the lateral frame's (toward the front of the body): Left draws
    u = -x (face toward the viewer's left), Right draws u = +x."""

    def __init__(self, view, cx, top, scale, u0=None):
        # sign: +1 when x > 0 is on the viewer's right (Front view, Right side view).
        self.sign = 1.0 if view in ("Front", "Right") else -1.0
        self.cx, self.top, self.scale, self.u0 = cx, top, scale, u0

    def __call__(self, p):
        u = self.sign * p[0]
        if self.u0 is not None:
            return ((u - self.u0) * self.scale, self.top + (1.0 - p[1]) * self.scale)
        return (self.cx + u * self.scale, self.top + (1.0 - p[1]) * self.scale)


def region_color(index):
    h = (index * 0.6180339887) % 1.0
    light = (0.66, 0.74, 0.80)[index % 3]
    r, g, b = colorsys.hls_to_rgb(h, light, 0.60)
    return int(r * 255), int(g * 255), int(b * 255)


def load_font(size):
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def instances(region, side=False):
    """The point lists actually drawn for a region (two for bilateral, one for midline and on
    the side view)."""
    pts = _pts(region["shape"])
    if side or region["region"] in MIDLINE:
        return [pts]
    return [pts, mirror(pts)]


def draw_view(img, view, frame, ss, opts, font):
    """Draw one view's art in the given frame (the mirrored Right side view: a Right frame)."""
    draw = ImageDraw.Draw(img)
    side = is_side(view)
    outline = sample(outline_loop(view), True)
    poly = [frame(p) for p in outline]
    draw.polygon(poly, fill=SKIN)

    if opts.regions:
        over = Image.new("RGBA", img.size, (0, 0, 0, 0))
        od = ImageDraw.Draw(over)
        for i, reg in enumerate(view["regions"]):
            col = region_color(i)
            for inst in instances(reg, side):
                rp = [frame(p) for p in sample(inst, True)]
                od.polygon(rp, fill=col + (105,))
        img.alpha_composite(over)
        draw = ImageDraw.Draw(img)
        for i, reg in enumerate(view["regions"]):
            col = tuple(int(c * 0.55) for c in region_color(i))
            for inst in instances(reg, side):
                rp = [frame(p) for p in sample(inst, True)]
                draw.line(rp + [rp[0]], fill=col, width=max(1, ss // 2), joint="curve")

    for line in view.get("lines", []):
        pts = _pts(line["points"])
        sets = [pts, mirror(pts)] if line.get("mirror", False) and not side else [pts]
        for s in sets:
            lp = [frame(p) for p in sample(s, False)]
            draw.line(lp, fill=DETAIL, width=max(1, int(1.3 * ss)), joint="curve")

    draw.line(poly + [poly[0]], fill=OUTLINE, width=2 * ss, joint="curve")

    if opts.regions and opts.labels:
        for reg in view["regions"]:
            pts = _pts(reg["shape"])
            cx = sum(p[0] for p in pts) / len(pts)
            cy = sum(p[1] for p in pts) / len(pts)
            x, y = frame((cx, cy))
            draw.text((x, y), reg["region"], fill=(20, 20, 40), font=font, anchor="mm")

    for view_name, (x, y) in opts.dot_list:
        if view_name and view_name != view["view"]:
            continue
        if view_name is None and side:
            continue  # plain x,y dots are front/back coordinates
        px, py = frame((x, y))
        r = 3.5 * ss
        draw.ellipse([px - r, py - r, px + r, py + r], fill=(210, 30, 30), outline=(90, 0, 0))


def parse_dots(spec):
    """'x,y,x,y' or 'front:x,y,...;back:x,y,...' -> [(view or None, (x, y))]."""
    out = []
    if not spec:
        return out
    for part in spec.split(";"):
        view = None
        if ":" in part:
            v, part = part.split(":", 1)
            view = VIEW_NAMES[v.strip().lower()]
            if view == "Right":
                view = "Left"  # the right side view is drawn from the Left art
        nums = [float(v) for v in part.replace(" ", "").split(",") if v]
        if len(nums) % 2:
            raise SystemExit("--dots needs pairs x,y")
        out += [(view, (nums[i], nums[i + 1])) for i in range(0, len(nums), 2)]
    return out


def art_for(views, vname):
    """The ViewArt that draws a displayed view (Right is drawn from the Left art)."""
    return views.get("Left") if vname == "Right" else views.get(vname)


def shown_views(views, opts):
    """Displayed views, in order: --views, or every view that has art (Front, Back, Left)."""
    if opts.views:
        names = [VIEW_NAMES[v.strip().lower()] for v in opts.views.split(",") if v.strip()]
    else:
        names = ["Front", "Back", "Left"]
    return [n for n in names if art_for(views, n) is not None]


def render(art, opts):
    ss = 2  # supersampling
    views = {v["view"]: v for v in art["views"]}
    if opts.zoom:
        vname, box = opts.zoom.split(":")
        vname = VIEW_NAMES[vname.lower()]
        if art_for(views, vname) is None:
            raise SystemExit(f"--zoom: the art has no {vname} view")
        u0, y0, u1, y1 = (float(v) for v in box.split(","))
        scale = opts.scale * ss
        size = (int((u1 - u0) * scale), int((y1 - y0) * scale))
        img = Image.new("RGBA", size, BACKGROUND + (255,))
        frame = Frame(vname, 0, -(1.0 - y1) * scale, scale, u0=u0)
        draw_view(img, art_for(views, vname), frame, ss, opts,
                  load_font(int(3.2 * ss * opts.scale / 900)))
    else:
        names = shown_views(views, opts)
        col = 700 if len(names) <= 2 else 560  # pixels per view column
        width = opts.width if opts.width else int(col * max(1, len(names)))
        w, h = width * ss, opts.height * ss
        img = Image.new("RGBA", (w, h), BACKGROUND + (255,))
        scale = opts.scale * ss
        top = (h - scale) * 0.55
        font = load_font(int(6.5 * ss))
        title = load_font(int(16 * ss))
        d = ImageDraw.Draw(img)
        slots = max(1, len(names))
        for i, vname in enumerate(names):
            cx = w * (i + 0.5) / slots
            draw_view(img, art_for(views, vname), Frame(vname, cx, top, scale), ss, opts, font)
            d = ImageDraw.Draw(img)
            label = vname + (" side" if is_side(vname) else "")
            d.text((cx, 8 * ss), label, fill=(60, 60, 60), font=title, anchor="mt")
    img = img.convert("RGB").resize((img.width // ss, img.height // ss), Image.LANCZOS)
    return img


# ----------------------------------------------------------------------------- checks
def vocabulary(path):
    text = open(path, encoding="utf-8").read()
    sect = text.split("## Region vocabulary", 1)[1].split("\n## ", 1)[0]
    return [re.sub(r"\s+", "_", n.strip()) for n in re.findall(r"`([^`]+)`", sect)]


def count(m):
    """Number of set pixels in a mode "1" mask."""
    return m.histogram()[-1]


def mask(points, frame, size):
    m = Image.new("1", size, 0)
    ImageDraw.Draw(m).polygon([frame(p) for p in points], fill=255)
    return m


def check(art, opts):
    ok = True
    scale = 1000
    size = (int(0.6 * scale), int(1.06 * scale))
    seen = {}
    for view in art["views"]:
        name = view["view"]
        side = is_side(view)
        half = _pts(view["outline"])
        frame = Frame("Front", size[0] / 2, 0.02 * scale, scale)
        print(f"== {name}: outline {len(half)} points, {len(view.get('lines', []))} lines, "
              f"{len(view['regions'])} regions")
        if side:
            if not (60 <= len(half) <= 200):
                print("   ! the side outline should have 60-200 points")
            if name != "Left":
                print("   ! the side view is written once, as view: Left (Right is its mirror)")
                ok = False
            far = [p for p in half + [q for r in view["regions"] for q in _pts(r["shape"])]
                   if abs(p[0]) > 0.35 or not (0.0 <= p[1] <= 1.02)]
            if far:
                print(f"   ! point outside |x| <= 0.35, 0 <= y <= 1.02: {far[0]}")
                ok = False
        else:
            if not (60 <= len(half) <= 120):
                print("   ! outline should have 60-120 points")
            if abs(half[0][0]) > 1e-9 or abs(half[-1][0]) > 1e-9 or min(p[0] for p in half) < 0:
                print("   ! outline must start and end on x = 0 and stay at x >= 0")
                ok = False
        body = mask(sample(outline_loop(view), True), frame, size)
        for k, line in enumerate(view.get("lines", [])):
            pts = sample(_pts(line["points"]), False)
            out = [p for p in pts if body.getpixel(tuple(int(round(c)) for c in frame(p))) == 0]
            if out:
                print(f"   ! line {k} leaves the outline near ({out[0][0]:.3f}, {out[0][1]:.3f})")
        union = Image.new("1", size, 0)
        names = [r["region"] for r in view["regions"]]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            print(f"   ! region {dup} appears twice")
            ok = False
        for reg in view["regions"]:
            rid = reg["region"]
            seen.setdefault(rid, []).append(name)
            pts = _pts(reg["shape"])
            if not (6 <= len(pts) <= 20) and not (side and len(pts) >= 5):
                print(f"   ! {rid}: {len(pts)} points (6-20 wanted)")
            if side:
                pass  # lateral frame: drawn once, as given
            elif rid in MIDLINE:
                xs = sorted(round(p[0], 4) for p in pts)
                if abs(min(xs) + max(xs)) > 0.002:
                    print(f"   ! midline {rid} is not symmetric about x = 0")
            elif min(p[0] for p in pts) < -1e-9:
                print(f"   ! bilateral {rid} has x < 0")
                ok = False
            for inst in instances(reg, side):
                rm = mask(sample(inst, True), frame, size)
                union = ImageChops.logical_or(union, rm)
                outside = ImageChops.logical_and(rm, ImageChops.invert(body))
                n_out = count(outside)
                n_all = max(1, count(rm))
                if n_out > 0.02 * n_all + 2:
                    print(f"   ! {rid}: {100.0 * n_out / n_all:.1f}% of it lies outside the outline")
                    ok = False
        skin = count(body)
        covered = count(ImageChops.logical_and(body, union))
        print(f"   skin covered by some region: {100.0 * covered / skin:.1f}%")
    if opts.dot_list:
        print("== dots (person's left side; lateral frame on the side view): regions hit")
        for view in art["views"]:
            frame = Frame("Front", size[0] / 2, 0.02 * scale, scale)
            body = mask(sample(outline_loop(view), True), frame, size)
            masks = [(r["region"], mask(sample(_pts(r["shape"]), True), frame, size))
                     for r in view["regions"]]
            for vname, (x, y) in opts.dot_list:
                if vname and vname != view["view"]:
                    continue
                if vname is None and is_side(view):
                    continue
                px, py = (int(round(c)) for c in frame((x, y)))
                inside = 0 <= px < size[0] and 0 <= py < size[1]
                on_body = inside and body.getpixel((px, py)) > 0
                hits = [n for n, m in masks if inside and m.getpixel((px, py)) > 0]
                print(f"   {view['view']:5} ({x:.3f}, {y:.3f}): "
                      f"{'' if on_body else 'OFF THE BODY '}{', '.join(hits) or '-'}")
    if opts.vocab:
        vocab = [v for v in vocabulary(opts.vocab) if v != "local"]
        missing = [v for v in vocab if v not in seen]
        extra = sorted(set(seen) - set(vocab))
        print(f"== vocabulary: {len(vocab)} drawable regions, {len(vocab) - len(missing)} drawn")
        if missing:
            print("   ! missing: " + ", ".join(missing))
            ok = False
        if extra:
            print("   ! unknown ids: " + ", ".join(extra))
            ok = False
    print("OK" if ok else "PROBLEMS FOUND")
    return ok


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--art", default=os.path.join(here, "..", "assets", "body.ron"))
    ap.add_argument("-o", "--out", default="/tmp/art/body.png")
    ap.add_argument("--regions", action="store_true", help="overlay the region shapes")
    ap.add_argument("--no-labels", dest="labels", action="store_false",
                    help="with --regions: leave out the id labels")
    ap.add_argument("--dots", default="",
                    help="x,y,x,y,... (optionally 'front:...;back:...;left:...', side dots in the "
                         "lateral frame)")
    ap.add_argument("--zoom", default="", help="VIEW:u0,y0,u1,y1 in H, u = viewer's horizontal "
                    "(VIEW: front, back, left or right; on the left side view u = -x)")
    ap.add_argument("--views", default="",
                    help="views to draw, e.g. front,back,left,right (default: all with art)")
    ap.add_argument("--scale", type=float, default=900.0, help="pixels per standing height")
    ap.add_argument("--width", type=int, default=0,
                    help="image width (default 700 per view, 560 per view for three or more)")
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--check", action="store_true", help="validate the file, print a report")
    ap.add_argument("--vocab", default="", help="referral_table.md, for --check")
    opts = ap.parse_args()
    opts.dot_list = parse_dots(opts.dots)
    art = load_ron(opts.art)
    if opts.check:
        sys.exit(0 if check(art, opts) else 1)
    img = render(art, opts)
    os.makedirs(os.path.dirname(os.path.abspath(opts.out)), exist_ok=True)
    img.save(opts.out)
    print(opts.out, img.size)


if __name__ == "__main__":
    main()
