//! The province boundaries the maps are drawn from, and the plane geometry
//! a choropleth needs: a projection onto the chart, polygon areas, a point
//! well inside each shape for its label, and hatching clipped to a shape.
//!
//! The boundaries are `assets/maps/af-pak-provinces.geojson` (Natural
//! Earth, public domain; see its README), compiled into the binary so an
//! installed sitrep draws maps without the repository.

use std::sync::OnceLock;

use serde::Deserialize;

/// The GeoJSON, embedded.
const GEOJSON: &str = include_str!("../../../assets/maps/af-pak-provinces.geojson");

/// A ring of a polygon, as (longitude, latitude) or pixel points.
pub type Ring = Vec<(f64, f64)>;

/// One division: its key, names, country and shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Natural Earth's `adm1_code`, unique per feature.
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// ISO 3166-1 alpha-2 code of its country (from `iso_3166_2`): `PK`.
    pub country: String,
    /// Polygons, each an outer ring followed by its holes.
    pub polygons: Vec<Vec<Ring>>,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    adm1_code: String,
    name: String,
    name_en: String,
    iso_3166_2: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// Every feature of the embedded boundaries, in file order (read once).
pub fn features() -> &'static [Feature] {
    static FEATURES: OnceLock<Vec<Feature>> = OnceLock::new();
    FEATURES.get_or_init(|| {
        let collection: Collection =
            serde_json::from_str(GEOJSON).expect("the embedded boundaries are valid GeoJSON");
        collection.features.into_iter().map(feature).collect()
    })
}

fn feature(raw: RawFeature) -> Feature {
    let ring = |points: Vec<[f64; 2]>| points.into_iter().map(|[x, y]| (x, y)).collect();
    let polygon = |rings: Vec<Vec<[f64; 2]>>| rings.into_iter().map(ring).collect();
    let polygons = match raw.geometry {
        Geometry::Polygon(rings) => vec![polygon(rings)],
        Geometry::MultiPolygon(polygons) => polygons.into_iter().map(polygon).collect(),
    };
    let p = raw.properties;
    Feature {
        country: p.iso_3166_2.split('-').next().unwrap_or("").to_string(),
        code: p.adm1_code,
        name: p.name,
        name_en: p.name_en,
        polygons,
    }
}

/// A name as it is compared: lowercase letters and digits only, so
/// "F.A.T.A." and "FATA", "Ghōr" and "Ghor" meet.
pub fn name_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ō' | 'Ō' => 'o',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// A projection of longitude and latitude onto pixels: equirectangular,
/// scaled by the cosine of the middle latitude so shapes keep their
/// proportions at these latitudes, fitted into a box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    stretch: f64,
    offset: (f64, f64),
}

/// Points of a projected ring closer than this many pixels are one (the
/// SVG backend draws whole pixels).
const THIN: f64 = 0.75;

impl Projection {
    /// Fits `bounds` (west, south, east, north) into the box at `origin` of
    /// `size` pixels, centred.
    pub fn fit(bounds: (f64, f64, f64, f64), origin: (f64, f64), size: (f64, f64)) -> Projection {
        let (west, south, east, north) = bounds;
        let stretch = ((south + north) / 2.0).to_radians().cos();
        let (w, h) = (
            ((east - west) * stretch).max(1e-9),
            (north - south).max(1e-9),
        );
        let scale = (size.0 / w).min(size.1 / h);
        let offset = (
            origin.0 + (size.0 - w * scale) / 2.0,
            origin.1 + (size.1 - h * scale) / 2.0,
        );
        Projection {
            west,
            north,
            scale,
            stretch,
            offset,
        }
    }

    pub fn point(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            self.offset.0 + (lon - self.west) * self.stretch * self.scale,
            self.offset.1 + (self.north - lat) * self.scale,
        )
    }

    /// The ring in pixels, thinned: a point less than [`THIN`] pixels from
    /// the last one kept is dropped. The boundaries are finer than a pixel
    /// of the chart, and every kept point costs in the label search, the
    /// SVG and Typst's reading of it, for nothing anyone can see.
    pub fn ring(&self, ring: &Ring) -> Ring {
        let mut out: Ring = Vec::with_capacity(ring.len());
        for p in ring.iter().map(|p| self.point(*p)) {
            match out.last() {
                Some(last) if (p.0 - last.0).hypot(p.1 - last.1) < THIN => {}
                _ => out.push(p),
            }
        }
        out
    }
}

/// West, south, east and north of the given features' shapes.
pub fn bounds<'a>(features: impl Iterator<Item = &'a Feature>) -> Option<(f64, f64, f64, f64)> {
    let points = features.flat_map(|f| f.polygons.iter().flatten().flatten());
    points.fold(None, |acc, &(x, y)| match acc {
        None => Some((x, y, x, y)),
        Some((w, s, e, n)) => Some((w.min(x), s.min(y), e.max(x), n.max(y))),
    })
}

/// The area a ring encloses (shoelace formula), whatever its winding.
pub fn area(ring: &Ring) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice.abs() / 2.0
}

/// Whether `p` is inside the rings (even-odd: holes are outside).
pub fn inside(rings: &[Ring], p: (f64, f64)) -> bool {
    let mut odd = false;
    for (a, b) in rings.iter().flat_map(edges) {
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
            odd = !odd;
        }
    }
    odd
}

/// The edges of a ring, the last point joined to the first. (Walked for
/// every point of a label search, so without a division per edge.)
fn edges(ring: &Ring) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
    let next = ring.iter().skip(1).chain(ring.first());
    ring.iter().copied().zip(next.copied())
}

/// Distance from `p` to the nearest edge of the rings.
fn edge_distance(rings: &[Ring], p: (f64, f64)) -> f64 {
    let nearest = rings
        .iter()
        .flat_map(edges)
        .fold(f64::INFINITY, |best, (a, b)| {
            best.min(segment_distance_squared(p, a, b))
        });
    // The root of the least square is the least root: one root, not one
    // per edge.
    nearest.sqrt()
}

fn segment_distance_squared(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx * dx + dy * dy;
    let t = if length > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    x * x + y * y
}

/// Steps of the grid the label searches lay over a shape's bounds.
const STEPS: usize = 24;

/// Steps of the finer grid laid around the best point of the first, two
/// of its cells wide.
const REFINE_STEPS: usize = 8;

/// West, north, east and south of the rings in pixels (y grows south).
fn extent(rings: &[Ring]) -> Option<(f64, f64, f64, f64)> {
    let points = rings.iter().flatten();
    let (w, n, e, s) = points.fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(w, n, e, s), &(x, y)| (w.min(x), n.min(y), e.max(x), s.max(y)),
    );
    (w <= e).then_some((w, n, e, s))
}

/// The points of a grid of `steps` × `steps` cells over `box` inside the
/// rings, each with its distance to the nearest edge.
fn grid(
    rings: &[Ring],
    (w, n, e, s): (f64, f64, f64, f64),
    steps: usize,
) -> Vec<((f64, f64), f64)> {
    let mut out = Vec::new();
    for i in 0..=steps {
        for j in 0..=steps {
            let p = (
                w + (e - w) * i as f64 / steps as f64,
                n + (s - n) * j as f64 / steps as f64,
            );
            if inside(rings, p) {
                out.push((p, edge_distance(rings, p)));
            }
        }
    }
    out
}

/// The grid point farthest from every edge, if any (the first in grid
/// order of equals).
fn farthest(points: &[((f64, f64), f64)]) -> Option<(f64, f64)> {
    points
        .iter()
        .fold(
            None,
            |best: Option<((f64, f64), f64)>, &(p, d)| match best {
                Some((_, b)) if b >= d => best,
                _ => Some((p, d)),
            },
        )
        .map(|(p, _)| p)
}

/// Where a label may sit in the rings, the best first: a point far from
/// every edge (the best of a grid over their bounds, refined once around
/// it; not the centroid, which a bent shape can hold outside itself), then
/// up to `n` more points of that grid, the farthest from the edges first
/// (ties in grid order). Empty for rings with no room inside.
///
/// One grid serves both, and the refinement is a coarse one: this search
/// is most of the time it takes to draw a map.
pub fn label_places(rings: &[Ring], n: usize) -> Vec<(f64, f64)> {
    let Some((w, north, e, s)) = extent(rings) else {
        return Vec::new();
    };
    let mut points = grid(rings, (w, north, e, s), STEPS);
    let Some(p) = farthest(&points) else {
        return Vec::new();
    };
    let (dx, dy) = ((e - w) / STEPS as f64, (s - north) / STEPS as f64);
    let around = (p.0 - dx, p.1 - dy, p.0 + dx, p.1 + dy);
    let best = farthest(&grid(rings, around, REFINE_STEPS)).unwrap_or(p);
    // Stable: equals keep their grid order.
    points.sort_by(|a, b| b.1.total_cmp(&a.1));
    let roomiest = points.into_iter().take(n).map(|(p, _)| p);
    std::iter::once(best).chain(roomiest).collect()
}

/// Hatching of the rings: segments of the diagonal lines `x + y = c`, every
/// `gap` pixels, that lie inside them (even-odd), for shapes with no figure.
pub fn hatch(rings: &[Ring], gap: f64) -> Vec<((f64, f64), (f64, f64))> {
    let sums = rings.iter().flatten().map(|(x, y)| x + y);
    let (lo, hi) = sums.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    let mut segments = Vec::new();
    let mut c = (lo / gap).ceil() * gap;
    while c <= hi {
        let mut crossings: Vec<(f64, f64)> = Vec::new();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                let (fa, fb) = (a.0 + a.1 - c, b.0 + b.1 - c);
                if (fa > 0.0) != (fb > 0.0) {
                    let t = fa / (fa - fb);
                    crossings.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                }
            }
        }
        crossings.sort_by(|p, q| p.0.total_cmp(&q.0));
        segments.extend(crossings.chunks_exact(2).map(|pair| (pair[0], pair[1])));
        c += gap;
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Ring {
        vec![(x, y), (x + side, y), (x + side, y + side), (x, y + side)]
    }

    #[test]
    fn the_embedded_boundaries_hold_both_countries() {
        let all = features();
        assert_eq!(all.len(), 42);
        assert_eq!(all.iter().filter(|f| f.country == "PK").count(), 8);
        assert_eq!(all.iter().filter(|f| f.country == "AF").count(), 34);
        let codes: std::collections::BTreeSet<&str> = all.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes.len(), 42, "adm1_code is unique");
    }

    #[test]
    fn names_meet_whatever_their_punctuation() {
        assert_eq!(name_key("F.A.T.A."), name_key("FATA"));
        assert_eq!(name_key("Ghōr"), "ghor");
    }

    #[test]
    fn areas_insides_and_label_points() {
        let ring = square(0.0, 0.0, 10.0);
        assert_eq!(area(&ring), 100.0);
        let with_hole = vec![ring.clone(), square(2.0, 2.0, 2.0)];
        assert!(inside(&with_hole, (5.0, 5.0)));
        assert!(!inside(&with_hole, (3.0, 3.0)), "a hole is outside");
        let p = label_places(&[ring], 0)[0];
        assert!((p.0 - 5.0).abs() < 0.5 && (p.1 - 5.0).abs() < 0.5, "{p:?}");
    }

    #[test]
    fn hatching_stays_inside_the_shape() {
        let ring = square(0.0, 0.0, 10.0);
        let lines = hatch(std::slice::from_ref(&ring), 3.0);
        assert!(!lines.is_empty());
        for (a, b) in lines {
            let middle = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            assert!(inside(std::slice::from_ref(&ring), middle));
        }
    }

    #[test]
    fn a_projection_fits_its_box_and_keeps_north_up() {
        let p = Projection::fit((60.0, 24.0, 78.0, 38.0), (0.0, 0.0), (500.0, 500.0));
        let (nw, se) = (p.point((60.0, 38.0)), p.point((78.0, 24.0)));
        assert!(nw.0 >= 0.0 && nw.1 >= 0.0 && se.0 <= 500.001 && se.1 <= 500.001);
        assert!(nw.1 < se.1, "north is up");
    }
}
