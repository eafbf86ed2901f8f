//! One grid per view, fine enough for the fingers and the face: 0.004 of body height a cell
//! (about 7 mm on a person 1.75 m tall; a finger is two to three cells wide). Region shapes, the body outline and brush strokes are
//! all put on it, in the art's coordinates with `x` signed (positive toward the person's left).

/// Cell size, in fractions of body height.
pub const CELL: f32 = 0.004;
/// The grid's lower left corner.
pub const X0: f32 = -0.36;
pub const Y0: f32 = -0.012;
/// Columns and rows: x from -0.36 to 0.36, y from -0.012 to 1.024.
pub const COLS: usize = 180;
pub const ROWS: usize = 259;
pub const CELLS: usize = COLS * ROWS;

/// "Just beside": the distance within which a zone still earns partial credit, and the bands
/// inside it (about 2, 4 and 9 cm on a person 1.75 m tall).
pub const NEAR_BANDS: [f32; 3] = [0.0125, 0.025, 0.05];

/// The centre of cell `index`.
pub fn centre(index: usize) -> (f32, f32) {
    let (i, j) = (index % COLS, index / COLS);
    (X0 + (i as f32 + 0.5) * CELL, Y0 + (j as f32 + 0.5) * CELL)
}

/// The column or row of a coordinate, clamped to the grid.
fn col(x: f32) -> usize {
    (((x - X0) / CELL).floor().max(0.0) as usize).min(COLS - 1)
}

fn row(y: f32) -> usize {
    (((y - Y0) / CELL).floor().max(0.0) as usize).min(ROWS - 1)
}

/// A set of cells of one view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSet {
    words: Vec<u64>,
}

impl Default for CellSet {
    fn default() -> Self {
        CellSet {
            words: vec![0; CELLS.div_ceil(64)],
        }
    }
}

impl CellSet {
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Keep only the cells also in `other`.
    pub fn intersect(&mut self, other: &CellSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn union(&mut self, other: &CellSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// The cells, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + b)
            })
        })
    }
}

/// Call `f` for every cell whose centre is inside `poly` (even-odd rule, scanlines).
pub fn fill_polygon(poly: &[[f32; 2]], mut f: impl FnMut(usize)) {
    if poly.len() < 3 {
        return;
    }
    let (lo, hi) = poly
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[1]), b.max(p[1])));
    if !(lo.is_finite() && hi.is_finite()) {
        return;
    }
    let mut xs: Vec<f32> = Vec::new();
    for j in row(lo)..=row(hi) {
        let y = Y0 + (j as f32 + 0.5) * CELL;
        xs.clear();
        let n = poly.len();
        for k in 0..n {
            let (a, b) = (poly[k], poly[(k + 1) % n]);
            if (a[1] > y) != (b[1] > y) {
                xs.push(a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
            }
        }
        xs.sort_by(f32::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Cells whose centre lies between the two crossings.
            let first = ((pair[0] - X0) / CELL - 0.5).ceil().max(0.0) as usize;
            let last = ((pair[1] - X0) / CELL - 0.5).floor();
            if last < 0.0 {
                continue;
            }
            let last = (last as usize).min(COLS - 1);
            for i in first..=last {
                f(j * COLS + i);
            }
        }
    }
}

/// Call `f` for every cell whose centre is within `radius` of the polyline through `points`
/// (a round brush dragged along it; one point is a dab).
pub fn brush(points: &[(f32, f32)], radius: f32, mut f: impl FnMut(usize)) {
    let segment = |a: (f32, f32), b: (f32, f32), f: &mut dyn FnMut(usize)| {
        let (i0, i1) = (col(a.0.min(b.0) - radius), col(a.0.max(b.0) + radius));
        let (j0, j1) = (row(a.1.min(b.1) - radius), row(a.1.max(b.1) + radius));
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        for j in j0..=j1 {
            for i in i0..=i1 {
                let (x, y) = centre(j * COLS + i);
                let t = if len2 > 0.0 {
                    (((x - a.0) * dx + (y - a.1) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (px, py) = (a.0 + t * dx - x, a.1 + t * dy - y);
                if px * px + py * py <= radius * radius {
                    f(j * COLS + i);
                }
            }
        }
    };
    match points {
        [] => {}
        [one] => segment(*one, *one, &mut f),
        _ => {
            for w in points.windows(2) {
                segment(w[0], w[1], &mut f);
            }
        }
    }
}

/// The cells near a shape but outside it, with their band (1, 2 or 3: within the first,
/// second or third of [`NEAR_BANDS`]). `inside` are the shape's cells.
pub fn near_bands(inside: &[usize]) -> Vec<(usize, u8)> {
    if inside.is_empty() {
        return Vec::new();
    }
    let margin = (NEAR_BANDS[2] / CELL).ceil() as usize + 1;
    let (mut i0, mut i1, mut j0, mut j1) = (COLS, 0, ROWS, 0);
    for &c in inside {
        let (i, j) = (c % COLS, c / COLS);
        i0 = i0.min(i);
        i1 = i1.max(i);
        j0 = j0.min(j);
        j1 = j1.max(j);
    }
    let (i0, j0) = (i0.saturating_sub(margin), j0.saturating_sub(margin));
    let (i1, j1) = ((i1 + margin).min(COLS - 1), (j1 + margin).min(ROWS - 1));
    let (w, h) = (i1 - i0 + 1, j1 - j0 + 1);
    // Chamfer distance (3 across, 4 diagonally) in the window around the shape.
    const FAR: u32 = u32::MAX / 2;
    let mut d = vec![FAR; w * h];
    for &c in inside {
        d[(c / COLS - j0) * w + (c % COLS - i0)] = 0;
    }
    let at = |x: usize, y: usize| y * w + x;
    for y in 0..h {
        for x in 0..w {
            let mut v = d[at(x, y)];
            if x > 0 {
                v = v.min(d[at(x - 1, y)] + 3);
            }
            if y > 0 {
                v = v.min(d[at(x, y - 1)] + 3);
                if x > 0 {
                    v = v.min(d[at(x - 1, y - 1)] + 4);
                }
                if x + 1 < w {
                    v = v.min(d[at(x + 1, y - 1)] + 4);
                }
            }
            d[at(x, y)] = v;
        }
    }
    for y in (0..h).rev() {
        for x in (0..w).rev() {
            let mut v = d[at(x, y)];
            if x + 1 < w {
                v = v.min(d[at(x + 1, y)] + 3);
            }
            if y + 1 < h {
                v = v.min(d[at(x, y + 1)] + 3);
                if x + 1 < w {
                    v = v.min(d[at(x + 1, y + 1)] + 4);
                }
                if x > 0 {
                    v = v.min(d[at(x - 1, y + 1)] + 4);
                }
            }
            d[at(x, y)] = v;
        }
    }
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let v = d[at(x, y)];
            if v == 0 || v >= FAR {
                continue;
            }
            let dist = v as f32 / 3.0 * CELL;
            if let Some(band) = NEAR_BANDS.iter().position(|&b| dist <= b) {
                out.push(((j0 + y) * COLS + i0 + x, band as u8 + 1));
            }
        }
    }
    out
}

/// The marching-squares case of every square of four cell centres that touches a painted cell,
/// with the square's lower left centre: what the mesh and the outline are built from.
fn marching_squares(set: &CellSet) -> Vec<(f32, f32, usize)> {
    let on = |i: isize, j: isize| {
        i >= 0
            && j >= 0
            && (i as usize) < COLS
            && (j as usize) < ROWS
            && set.contains(j as usize * COLS + i as usize)
    };
    let mut squares: Vec<(isize, isize)> = Vec::new();
    for c in set.iter() {
        let (i, j) = ((c % COLS) as isize, (c / COLS) as isize);
        for (di, dj) in [(0, 0), (-1, 0), (0, -1), (-1, -1)] {
            squares.push((i + di, j + dj));
        }
    }
    squares.sort_unstable();
    squares.dedup();
    squares
        .into_iter()
        .map(|(i, j)| {
            let case = on(i, j) as usize
                | (on(i + 1, j) as usize) << 1
                | (on(i + 1, j + 1) as usize) << 2
                | (on(i, j + 1) as usize) << 3;
            (
                X0 + (i as f32 + 0.5) * CELL,
                Y0 + (j as f32 + 0.5) * CELL,
                case,
            )
        })
        .collect()
}

/// The painted cells as triangles in the art's coordinates (`x` signed), with smooth 45° edges
/// instead of steps: marching squares over the cell centres.
pub fn painted_triangles(set: &CellSet) -> crate::atlas::geometry::Triangles {
    // Corners 0..3 (bottom left, bottom right, top right, top left), then the middles of the
    // edges 4..7 (bottom, right, top, left). One polygon per case, as a fan from its first
    // vertex.
    const CASES: [&[u8]; 16] = [
        &[],
        &[0, 4, 7],
        &[1, 5, 4],
        &[0, 1, 5, 7],
        &[2, 6, 5],
        &[0, 4, 5, 2, 6, 7],
        &[1, 2, 6, 4],
        &[0, 1, 2, 6, 7],
        &[3, 7, 6],
        &[0, 4, 6, 3],
        &[1, 5, 6, 3, 7, 4],
        &[0, 1, 5, 6, 3],
        &[7, 5, 2, 3],
        &[0, 4, 5, 2, 3],
        &[1, 2, 3, 7, 4],
        &[0, 1, 2, 3],
    ];
    const AT: [(f32, f32); 8] = [
        (0.0, 0.0),
        (1.0, 0.0),
        (1.0, 1.0),
        (0.0, 1.0),
        (0.5, 0.0),
        (1.0, 0.5),
        (0.5, 1.0),
        (0.0, 0.5),
    ];
    let mut t = crate::atlas::geometry::Triangles::default();
    for (x, y, case) in marching_squares(set) {
        let poly = CASES[case];
        if poly.is_empty() {
            continue;
        }
        let base = t.positions.len() as u32;
        for &k in poly {
            let (dx, dy) = AT[k as usize];
            t.positions.push([x + dx * CELL, y + dy * CELL]);
        }
        for k in 1..poly.len() as u32 - 1 {
            t.indices.extend([base, base + k, base + k + 1]);
        }
    }
    t
}

/// The outline of the painted cells: the segments of the marching-squares edges, in the art's
/// coordinates, for a crisp line around the drawing.
pub fn painted_outline(set: &CellSet) -> Vec<[[f32; 2]; 2]> {
    // For each case, pairs of edge middles (4 bottom, 5 right, 6 top, 7 left).
    const SEGMENTS: [&[(u8, u8)]; 16] = [
        &[],
        &[(4, 7)],
        &[(5, 4)],
        &[(5, 7)],
        &[(6, 5)],
        &[(4, 5), (6, 7)],
        &[(6, 4)],
        &[(6, 7)],
        &[(7, 6)],
        &[(4, 6)],
        &[(5, 6), (7, 4)],
        &[(5, 6)],
        &[(7, 5)],
        &[(4, 5)],
        &[(7, 4)],
        &[],
    ];
    const MID: [(f32, f32); 4] = [(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)];
    let mut out = Vec::new();
    for (x, y, case) in marching_squares(set) {
        for &(a, b) in SEGMENTS[case] {
            let (pa, pb) = (MID[a as usize - 4], MID[b as usize - 4]);
            out.push([
                [x + pa.0 * CELL, y + pa.1 * CELL],
                [x + pb.0 * CELL, y + pb.1 * CELL],
            ]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square of `n` cells a side whose corner is the corner of cell (100, 150).
    fn square(n: f32) -> [[f32; 2]; 4] {
        let (x0, y0) = (X0 + 100.0 * CELL, Y0 + 150.0 * CELL);
        let d = n * CELL;
        [[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d]]
    }

    #[test]
    fn a_square_fills_its_cells_and_a_dab_is_round() {
        let sq = square(10.0);
        let mut n = 0;
        fill_polygon(&sq, |c| {
            let (x, y) = centre(c);
            assert!((sq[0][0]..=sq[1][0]).contains(&x) && (sq[0][1]..=sq[2][1]).contains(&y));
            n += 1;
        });
        assert_eq!(n, 100, "a square of 10 cells a side fills 100 cells");
        let mut dab = CellSet::default();
        brush(&[(0.1, 0.5)], 0.012, |c| dab.insert(c));
        let expected = std::f32::consts::PI * 0.012 * 0.012 / (CELL * CELL);
        let got = dab.len() as f32;
        assert!(
            (got - expected).abs() < 0.25 * expected,
            "{got} cells, about {expected} expected"
        );
        let mut line = CellSet::default();
        brush(&[(0.0, 0.5), (0.1, 0.5)], 0.006, |c| line.insert(c));
        assert!(line.len() > dab.len());
        assert!(line.iter().all(|c| (centre(c).1 - 0.5).abs() <= 0.006));
    }

    #[test]
    fn painted_cells_become_a_smooth_shape_of_the_same_area() {
        let mut dab = CellSet::default();
        brush(&[(0.1, 0.5)], 0.03, |c| dab.insert(c));
        let t = painted_triangles(&dab);
        let area: f32 = t
            .indices
            .chunks(3)
            .map(|k| {
                let (a, b, c) = (
                    t.positions[k[0] as usize],
                    t.positions[k[1] as usize],
                    t.positions[k[2] as usize],
                );
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum();
        let disc = std::f32::consts::PI * 0.03 * 0.03;
        // The outline runs half a cell inside the outer centres: a little under the disc.
        assert!(area > 0.85 * disc && area < 1.02 * disc, "{area} vs {disc}");
        assert!(
            t.positions
                .iter()
                .all(|p| (p[0] - 0.1).hypot(p[1] - 0.5) < 0.03 + CELL / 2.0 + 1e-4)
        );
        assert!(painted_triangles(&CellSet::default()).is_empty());
    }

    #[test]
    fn the_outline_of_a_dab_is_a_closed_ring_around_it() {
        let mut dab = CellSet::default();
        brush(&[(0.1, 0.5)], 0.03, |c| dab.insert(c));
        let segments = painted_outline(&dab);
        // About the circumference in length, every segment near the rim.
        let length: f32 = segments
            .iter()
            .map(|[a, b]| (a[0] - b[0]).hypot(a[1] - b[1]))
            .sum();
        let rim = 2.0 * std::f32::consts::PI * 0.03;
        assert!(
            length > 0.9 * rim && length < 1.15 * rim,
            "{length} vs {rim}"
        );
        for [a, _] in &segments {
            let r = (a[0] - 0.1).hypot(a[1] - 0.5);
            assert!((r - 0.03).abs() < 2.0 * CELL, "{r}");
        }
    }

    #[test]
    fn near_bands_grow_outward() {
        let mut inside = Vec::new();
        fill_polygon(&square(10.0), |c| inside.push(c));
        let near = near_bands(&inside);
        // Cells in the square's middle row, `k` columns right of its last one.
        let right_of = |k: usize| {
            let cell = (150 + 5) * COLS + 100 + 9 + k;
            near.iter().find(|(c, _)| *c == cell).map(|(_, b)| *b)
        };
        let band = |d: f32| NEAR_BANDS.iter().position(|&b| d <= b).map(|i| i as u8 + 1);
        for k in [1, 2, 4, 6, 8, 12] {
            assert_eq!(right_of(k), band(k as f32 * CELL), "{k} cells away");
        }
        assert_eq!(right_of(20), None, "far beyond the last band");
        assert!(near.iter().all(|(c, _)| !inside.contains(c)));
    }
}
