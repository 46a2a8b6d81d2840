//! A choropleth of provinces: each province with a figure shaded by its
//! best value in round steps (a binned scale reads more surely than a
//! continuous one), labelled with its name, best value and range; those of
//! the map's country with no figure hatched; the neighbours grey, for
//! orientation. Small provinces get their label beside them on a leader.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::geo::{self, Feature, Projection, Ring};
use super::marks::Span;
use super::text::{bold, draw_styled, font, text_width, wrap};
use super::{draw_no_data, Area, ChartError, MapChart, Region, INK, MUTED};
use crate::compute::format::compact;

/// Width and height of a map, in SVG pixels: printed narrower than a full
/// text width, so its type is set a little larger relative to it.
pub(super) const SIZE: (u32, u32) = (620, 560);

/// Width of the column right of the map for the labels of regions too
/// small to hold their own.
const CALLOUTS: i32 = 180;

/// The map's frame, and the strip under it for the key.
const MARGIN: f64 = 12.0;
const KEY: f64 = 64.0;

/// Sequential shades from light to dark (ColorBrewer's OrRd).
const SHADES: [RGBColor; 6] = [
    RGBColor(0xfe, 0xe8, 0xc8),
    RGBColor(0xfd, 0xd4, 0x9e),
    RGBColor(0xfd, 0xbb, 0x84),
    RGBColor(0xfc, 0x8d, 0x59),
    RGBColor(0xe3, 0x4a, 0x33),
    RGBColor(0xb3, 0x00, 0x00),
];
const CONTEXT: RGBColor = RGBColor(0xee, 0xee, 0xee);
const BORDER: RGBColor = RGBColor(0xff, 0xff, 0xff);
const HATCH: RGBColor = RGBColor(0x9a, 0xa3, 0xab);
const OUTLINE: RGBColor = RGBColor(0xb8, 0xbe, 0xc4);

/// A region of the chart joined to its feature.
struct Shape<'a> {
    region: &'a Region,
    /// Its polygons' outer rings, in pixels.
    rings: Vec<Ring>,
}

/// Round steps of the best values: the lower edge of each shade.
#[derive(Debug, Clone, PartialEq)]
struct Steps {
    edges: Vec<f64>,
}

impl Steps {
    /// Round steps from 0 that give the largest value one of four to six
    /// shades (fewer when the values are few and small).
    fn of(values: &[f64]) -> Steps {
        let top = values.iter().fold(0.0f64, |m, v| m.max(*v)).max(1.0);
        let magnitude = 10f64.powf((top / 5.0).log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| top / s < SHADES.len() as f64)
            .unwrap_or(10.0 * magnitude)
            .max(1.0);
        let n = ((top / step).floor() as usize + 1).clamp(1, SHADES.len());
        Steps {
            edges: (0..n).map(|i| i as f64 * step).collect(),
        }
    }

    /// The shade index of `value`.
    fn index(&self, value: f64) -> usize {
        self.edges.iter().rposition(|e| value >= *e).unwrap_or(0)
    }

    /// The shade of step `i`, spread over the ramp when there are few steps.
    fn shade(&self, i: usize) -> RGBColor {
        let n = self.edges.len();
        let at = if n <= 1 {
            2
        } else {
            i * (SHADES.len() - 1) / (n - 1)
        };
        SHADES[at.min(SHADES.len() - 1)]
    }
}

/// Draws the grey neighbours, the shaded and hatched regions, their
/// labels, and the key.
pub(super) fn draw(root: &Area<'_>, chart: &MapChart) -> Result<(), ChartError> {
    let features = geo::features();
    let focus: Vec<&Feature> = chart
        .regions
        .iter()
        .filter(|r| r.focus)
        .filter_map(|r| features.iter().find(|f| f.code == r.code))
        .collect();
    let Some(bounds) = geo::bounds(focus.iter().copied()) else {
        return draw_no_data(root);
    };
    let (w, h) = (SIZE.0 as f64, SIZE.1 as f64);
    let pad = ((bounds.2 - bounds.0) * 0.03, (bounds.3 - bounds.1) * 0.03);
    let padded = (
        bounds.0 - pad.0,
        bounds.1 - pad.1,
        bounds.2 + pad.0,
        bounds.3 + pad.1,
    );
    let map_width = w - CALLOUTS as f64 - 2.0 * MARGIN;
    let projection = Projection::fit(padded, (MARGIN, MARGIN), (map_width, h - KEY - MARGIN));
    draw_context(root, features, chart, &projection)?;
    let shapes: Vec<Shape> = chart
        .regions
        .iter()
        .filter(|r| r.focus)
        .filter_map(|region| {
            let feature = features.iter().find(|f| f.code == region.code)?;
            let rings = feature
                .polygons
                .iter()
                .filter_map(|p| p.first())
                .map(|r| projection.ring(r))
                .collect();
            Some(Shape { region, rings })
        })
        .collect();
    let values: Vec<f64> = shapes
        .iter()
        .filter_map(|s| s.region.value.map(|v| v.best))
        .collect();
    let steps = Steps::of(&values);
    for shape in &shapes {
        draw_shape(root, shape, &steps)?;
    }
    draw_labels(root, &shapes, &steps)?;
    draw_key(
        root,
        &steps,
        &chart.unit,
        shapes.iter().any(|s| s.region.value.is_none()),
    )
}

/// Every feature the chart does not focus on, in grey.
fn draw_context(
    root: &Area<'_>,
    features: &[Feature],
    chart: &MapChart,
    projection: &Projection,
) -> Result<(), ChartError> {
    let focused = |f: &Feature| chart.regions.iter().any(|r| r.focus && r.code == f.code);
    for feature in features.iter().filter(|f| !focused(f)) {
        for polygon in &feature.polygons {
            if let Some(ring) = polygon.first() {
                let points = pixels(&projection.ring(ring));
                root.draw(&Polygon::new(points.clone(), CONTEXT.filled()))?;
                root.draw(&PathElement::new(closed(points), BORDER.stroke_width(1)))?;
            }
        }
    }
    Ok(())
}

fn pixels(ring: &Ring) -> Vec<(i32, i32)> {
    ring.iter()
        .map(|(x, y)| (x.round() as i32, y.round() as i32))
        .collect()
}

fn closed(mut points: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    if let Some(first) = points.first().copied() {
        points.push(first);
    }
    points
}

/// A region shaded by its best value, or white and hatched with no figure.
fn draw_shape(root: &Area<'_>, shape: &Shape<'_>, steps: &Steps) -> Result<(), ChartError> {
    let fill = match shape.region.value {
        Some(v) => steps.shade(steps.index(v.best)),
        None => WHITE,
    };
    for ring in &shape.rings {
        root.draw(&Polygon::new(pixels(ring), fill.filled()))?;
    }
    if shape.region.value.is_none() {
        for (a, b) in geo::hatch(&shape.rings, 7.0) {
            let line = vec![
                (a.0.round() as i32, a.1.round() as i32),
                (b.0.round() as i32, b.1.round() as i32),
            ];
            root.draw(&PathElement::new(line, HATCH.stroke_width(1)))?;
        }
    }
    let edge = if shape.region.value.is_some() {
        BORDER
    } else {
        OUTLINE
    };
    for ring in &shape.rings {
        root.draw(&PathElement::new(
            closed(pixels(ring)),
            edge.stroke_width(1),
        ))?;
    }
    Ok(())
}

/// Type sizes of the map's labels: it is printed at about half a text
/// width, so they are larger than other charts' in pixels.
const NAME: f64 = 17.0;
const VALUE: f64 = 16.0;
const LINE: i32 = 18;

/// A region's label: its name (on one or two lines) and value.
struct Label {
    lines: Vec<String>,
    value: String,
}

impl Label {
    fn of(region: &Region, width: usize) -> Label {
        Label::of_lines(region, width, 2)
    }

    fn of_lines(region: &Region, width: usize, lines: usize) -> Label {
        Label {
            lines: wrap(&region.name, width, lines),
            value: value_label(region.value),
        }
    }

    fn size(&self) -> (i32, i32) {
        let widest = self
            .lines
            .iter()
            .map(|l| text_width(l, NAME))
            .max()
            .unwrap_or(0);
        (
            widest.max(text_width(&self.value, VALUE)),
            LINE * (self.lines.len() as i32 + 1),
        )
    }

    /// Draws the lines from `(x, top)`, centred on x or starting there.
    fn draw(
        &self,
        root: &Area<'_>,
        (x, top): (i32, i32),
        h: HPos,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        let anchor = (h, VPos::Top);
        for (i, line) in self.lines.iter().enumerate() {
            draw_styled(
                root,
                line,
                (x, top + LINE * i as i32),
                bold(NAME, color),
                anchor,
            )?;
        }
        let y = top + LINE * self.lines.len() as i32;
        draw_styled(root, &self.value, (x, y), font(VALUE, color), anchor)
    }
}

/// The value as a map label says it: the best value, then the range when
/// there is one ("1,046 (980–1,140)", "≥ 64").
fn value_label(value: Option<crate::estimate::Estimate>) -> String {
    let Some(span) = value.as_ref().and_then(Span::of) else {
        return "no figure".to_string();
    };
    let range = span.label();
    let best = compact(span.best);
    if range == best || span.low == Some(span.best) && span.high.is_none() {
        range
    } else {
        format!("{best} ({range})")
    }
}

/// Whether a box lies wholly inside the rings (its corners and centre).
fn holds(rings: &[Ring], (x0, y0, x1, y1): (i32, i32, i32, i32)) -> bool {
    let points = [
        (x0, y0),
        (x1, y0),
        (x0, y1),
        (x1, y1),
        ((x0 + x1) / 2, (y0 + y1) / 2),
    ];
    points
        .iter()
        .all(|(x, y)| geo::inside(rings, (*x as f64, *y as f64)))
}

/// Labels each region inside itself where its label fits there, the
/// largest regions first; the others in the column right of the map, in
/// the order of their regions from north to south, each on a leader.
fn draw_labels(root: &Area<'_>, shapes: &[Shape<'_>], steps: &Steps) -> Result<(), ChartError> {
    let mut callouts: Vec<(i32, (i32, i32), Label)> = Vec::new();
    for shape in shapes {
        let places = geo::label_places(&shape.rings, 40);
        let Some(&point) = places.first() else {
            continue;
        };
        let inside = Label::of(shape.region, 18);
        let (w, h) = inside.size();
        // Type is narrower than its estimate: test a box a little smaller.
        let (w, h) = (w * 9 / 10, h * 9 / 10);
        let fits = |(x, y): (f64, f64)| {
            let (x, y) = (x.round() as i32, y.round() as i32);
            holds(&shape.rings, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)).then_some((x, y))
        };
        let room = places.into_iter().find_map(fits);
        if let Some(at) = room {
            let h = inside.size().1;
            // White type on the two darkest shades.
            let dark = shape
                .region
                .value
                .is_some_and(|v| SHADES[4..].contains(&steps.shade(steps.index(v.best))));
            inside.draw(
                root,
                (at.0, at.1 - h / 2),
                HPos::Center,
                if dark { WHITE } else { INK },
            )?;
        } else {
            let at = (point.0.round() as i32, point.1.round() as i32);
            callouts.push((at.1, at, Label::of_lines(shape.region, 17, 3)));
        }
    }
    callouts.sort_by_key(|(y, at, _)| (*y, at.0));
    let heights: Vec<i32> = callouts.iter().map(|(_, _, l)| l.size().1 + 8).collect();
    let tops = stack(
        &callouts
            .iter()
            .map(|(y, _, l)| y - l.size().1 / 2)
            .collect::<Vec<_>>(),
        &heights,
        SIZE.1 as i32 - KEY as i32,
    );
    let x = SIZE.0 as i32 - CALLOUTS + 14;
    for ((_, at, label), top) in callouts.iter().zip(tops) {
        let middle = top + label.size().1 / 2;
        root.draw(&PathElement::new(
            vec![*at, (x - 8, middle), (x - 4, middle)],
            MUTED.stroke_width(1),
        ))?;
        root.draw(&Circle::new(*at, 3, MUTED.filled()))?;
        label.draw(root, (x, top), HPos::Left, INK)?;
    }
    Ok(())
}

/// Tops for boxes of `heights` wishing to start at `wishes` (sorted), none
/// overlapping the one before, and the last ending by `bottom`.
fn stack(wishes: &[i32], heights: &[i32], bottom: i32) -> Vec<i32> {
    let mut tops: Vec<i32> = Vec::with_capacity(wishes.len());
    for (i, wish) in wishes.iter().enumerate() {
        let least = match i.checked_sub(1) {
            Some(p) => tops[p] + heights[p],
            None => 4,
        };
        tops.push((*wish).max(least));
    }
    let end = tops.last().zip(heights.last()).map_or(0, |(t, h)| t + h);
    if end > bottom {
        let over = end - bottom;
        tops.iter_mut().for_each(|t| *t = (*t - over).max(0));
    }
    tops
}

/// The key under the map: the shades with their lower edges, what the
/// values count, and the hatching of regions with no figure.
fn draw_key(root: &Area<'_>, steps: &Steps, unit: &str, hatched: bool) -> Result<(), ChartError> {
    let (x0, y) = (MARGIN as i32 + 2, SIZE.1 as i32 - KEY as i32 + 24);
    draw_styled(
        root,
        unit,
        (x0, y - 6),
        font(VALUE, MUTED),
        (HPos::Left, VPos::Bottom),
    )?;
    let swatch = 52;
    for (i, edge) in steps.edges.iter().enumerate() {
        let x = x0 + swatch * i as i32;
        root.draw(&Rectangle::new(
            [(x, y), (x + swatch, y + 12)],
            steps.shade(i).filled(),
        ))?;
        let label = if i + 1 == steps.edges.len() {
            format!("{}+", compact(*edge))
        } else {
            compact(*edge)
        };
        draw_styled(
            root,
            &label,
            (x, y + 15),
            font(VALUE, MUTED),
            (HPos::Left, VPos::Top),
        )?;
    }
    if hatched {
        let x = x0 + swatch * steps.edges.len() as i32 + 36;
        let square = vec![
            (x as f64, y as f64),
            (x as f64 + 14.0, y as f64),
            (x as f64 + 14.0, y as f64 + 12.0),
            (x as f64, y as f64 + 12.0),
        ];
        root.draw(&Rectangle::new(
            [(x, y), (x + 14, y + 12)],
            OUTLINE.stroke_width(1),
        ))?;
        for (a, b) in geo::hatch(&[square], 4.0) {
            let line = vec![
                (a.0.round() as i32, a.1.round() as i32),
                (b.0.round() as i32, b.1.round() as i32),
            ];
            root.draw(&PathElement::new(line, HATCH.stroke_width(1)))?;
        }
        draw_styled(
            root,
            "no figure in the data",
            (x + 20, y + 6),
            font(VALUE, MUTED),
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_shade_from_light_to_dark() {
        let steps = Steps::of(&[12.0, 480.0, 2223.0]);
        assert_eq!(steps.edges, vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(steps.index(12.0), 0);
        assert_eq!(steps.index(2223.0), 4);
        assert_eq!(steps.shade(0), SHADES[0]);
        assert_eq!(steps.shade(4), SHADES[5]);
    }

    #[test]
    fn map_labels_give_the_best_value_and_its_range() {
        use crate::estimate::Estimate;
        assert_eq!(value_label(Some(Estimate::exact(7.0))), "7");
        assert_eq!(value_label(Some(Estimate::at_least(64.0))), "≥ 64");
        assert_eq!(
            value_label(Some(Estimate::new(Some(980.0), 1046.0, Some(1140.0)))),
            "1,046 (980–1,140)"
        );
        assert_eq!(
            value_label(Some(Estimate::new(Some(159.0), 200.0, None))),
            "200 (≥ 159)"
        );
        assert_eq!(value_label(None), "no figure");
    }
}
