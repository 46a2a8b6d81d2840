//! Tests of the drawn charts: their text, marks and sizes, for every kind.

use chrono::NaiveDate;

use super::*;

fn bar(label: &str, series: Option<&str>, value: Estimate) -> RangeBar {
    RangeBar {
        label: label.to_string(),
        series: series.map(str::to_string),
        value,
        heading: None,
    }
}

fn bars(title: &str, bars: Vec<RangeBar>) -> Chart {
    Chart::Bars(BarChart {
        id: "test".to_string(),
        title: title.to_string(),
        unit: "attacks".to_string(),
        bars,
        log_scale: false,
    })
}

fn point(date: (i32, u32, u32), series: &str, label: &str, value: Estimate) -> TimePoint {
    TimePoint {
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        series: series.to_string(),
        label: label.to_string(),
        value,
    }
}

fn timeline(points: Vec<TimePoint>, log_scale: bool) -> Chart {
    Chart::Timeline(TimeChart {
        id: "strength".to_string(),
        title: "Estimated strength".to_string(),
        unit: "fighters".to_string(),
        points,
        log_scale,
        connect: true,
    })
}

fn range(low: f64, best: f64, high: f64) -> Estimate {
    Estimate::new(Some(low), best, Some(high))
}

fn columns(values: Vec<Estimate>) -> Vec<Column> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| Column {
            label: (2000 + i).to_string(),
            value,
        })
        .collect()
}

/// A chart of one open upper bound ("at least 64") among closed ranges.
fn open_bars() -> Chart {
    bars(
        "Suicide attacks, 2023",
        vec![
            bar("Khyber Pakhtunkhwa", None, range(54.0, 57.0, 60.0)),
            bar("Punjab", None, Estimate::at_least(64.0)),
            bar("Balochistan", None, range(2000.0, 2500.0, 3000.0)),
            bar("Sindh", None, Estimate::exact(1500.0)),
        ],
    )
}

fn strength_timeline(log_scale: bool) -> Chart {
    timeline(
        vec![
            point((2018, 6, 1), "TTP", "UN", range(3000.0, 4000.0, 5000.0)),
            point((2023, 7, 1), "TTP", "UN", range(6000.0, 6500.0, 6500.0)),
            point(
                (2023, 7, 1),
                "IS-K in Pakistan",
                "RUSI",
                Estimate::at_least(600.0),
            ),
            point(
                (2024, 1, 15),
                "Total",
                "Estimate",
                range(150_000.0, 180_000.0, 200_000.0),
            ),
        ],
        log_scale,
    )
}

fn panels(n: usize) -> Chart {
    Chart::Panels(Panels {
        id: "panels".into(),
        title: "Killed per year by province".into(),
        unit: "people killed".into(),
        panels: (0..n)
            .map(|i| Panel {
                name: format!("Province {i}"),
                columns: columns(vec![
                    Estimate::exact(10.0 * i as f64),
                    range(5.0, 20.0, 40.0),
                ]),
            })
            .collect(),
    })
}

fn shares() -> Chart {
    Chart::Shares(ShareChart {
        id: "shares".into(),
        title: "Balochistan's share".into(),
        rows: vec![ShareRow {
            label: "2017 (RUSI)".into(),
            parts: vec![("Balochistan".into(), range(40.0, 50.0, 60.0))],
            rest: "rest of Pakistan".into(),
        }],
    })
}

/// A map of Pakistan's provinces: one shaded, one without a figure.
fn map() -> Chart {
    let features = geo::features();
    let region = |name: &str, value: Option<Estimate>| {
        let feature = features.iter().find(|f| f.name_en == name).unwrap();
        Region {
            code: feature.code.clone(),
            name: name.to_string(),
            value,
            focus: true,
        }
    };
    Chart::Map(MapChart {
        id: "map".into(),
        title: "Killed by province".into(),
        unit: "People killed".into(),
        regions: vec![
            region("Balochistan", Some(range(980.0, 1046.0, 1140.0))),
            region("Punjab", Some(Estimate::exact(12.0))),
            region("Sindh", None),
        ],
    })
}

fn every_kind() -> Vec<Chart> {
    vec![
        open_bars(),
        strength_timeline(true),
        strength_timeline(false),
        Chart::Columns(ColumnChart {
            id: "years".into(),
            title: "Killed per year".into(),
            unit: "people killed".into(),
            columns: columns(vec![range(1.0, 2.0, 3.0), Estimate::at_least(7.0)]),
        }),
        panels(7),
        shares(),
        map(),
    ]
}

/// The text content of every `<text>` element, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .filter_map(|rest| {
            rest.split_once("</text>")
                .map(|(text, _)| text.trim().to_string())
        })
        .collect()
}

/// The y of the first `<text>` element whose content is `text`.
fn text_y(svg: &str, text: &str) -> i32 {
    let tag = svg
        .split("<text")
        .find(|t| t.contains(&format!(">\n{text}\n")) || t.contains(&format!(">{text}\n")))
        .unwrap_or_else(|| panic!("no text {text}"));
    attribute(tag, "y")
}

fn attribute(tag: &str, name: &str) -> i32 {
    tag.split(&format!(" {name}=\""))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The first point (an arrow's tip) of every `<polygon>`.
fn polygon_tips(svg: &str) -> Vec<(i32, i32)> {
    let points = svg.split("<polygon").skip(1);
    let first = points.filter_map(|p| p.split("points=\"").nth(1)?.split(' ').next());
    let parse = |xy: &str| {
        xy.split_once(',')
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
    };
    first.filter_map(parse).collect()
}

#[test]
fn output_is_an_svg_document_with_title_description_and_font() {
    let svg = render_svg(&open_bars(), "Bar chart: <Punjab> & more").unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("<title>Suicide attacks, 2023</title>"));
    assert!(svg.contains("<desc>Bar chart: &lt;Punjab&gt; &amp; more</desc>"));
    assert!(svg.contains(r#"font-family="Libertinus Serif""#));
    assert!(!svg.contains("font-family=\"sans-serif\""));
    let (w, h) = open_bars().size();
    assert!(svg.contains(&format!(r#"width="{w}" height="{h}""#)));
}

#[test]
fn same_chart_gives_same_bytes() {
    for chart in every_kind() {
        assert_eq!(
            render_svg(&chart, "alt").unwrap(),
            render_svg(&chart, "alt").unwrap()
        );
    }
}

#[test]
fn an_open_upper_bound_is_marked_at_the_point_not_run_to_the_edge() {
    let svg = render_svg(&open_bars(), "").unwrap();
    // Arrowheads are the only <polygon> elements a bar chart draws.
    let tips = polygon_tips(&svg);
    assert_eq!(tips.len(), 1, "one open bound, one arrow");
    assert!(texts(&svg).contains(&"≥ 64".to_string()));
    // Horizontal bars: the arrow points right, a short way past the best
    // value (64 on an axis to 3,000), nowhere near the plot's right edge.
    let (tip_x, _) = tips[0];
    let right_edge = WIDTH as i32 - 118;
    assert!(
        tip_x < right_edge / 3,
        "tip at {tip_x}, edge at {right_edge}"
    );
    let closed = bars("Closed", vec![bar("A", None, range(54.0, 57.0, 60.0))]);
    assert!(!render_svg(&closed, "").unwrap().contains("<polygon"));
}

#[test]
fn an_open_column_gets_a_short_arrow_above_its_bar() {
    let chart = Chart::Columns(ColumnChart {
        id: "years".into(),
        title: "Killed per year".into(),
        unit: "people killed".into(),
        columns: columns(vec![range(100.0, 200.0, 300.0), Estimate::at_least(150.0)]),
    });
    let svg = render_svg(&chart, "").unwrap();
    let tips = polygon_tips(&svg);
    assert_eq!(tips.len(), 1);
    // The axis tops out at 300 or more: the tip of 150's arrow is well
    // below the top of the plot, about the stem's length above 150.
    let top_tick = text_y(&svg, "300");
    assert!(tips[0].1 > top_tick + 40, "{tips:?} against {top_tick}");
}

#[test]
fn ranges_are_labelled_with_en_dashes_and_separators() {
    let all = texts(&render_svg(&open_bars(), "").unwrap());
    for label in ["54–60", "≥ 64", "2,000–3,000", "1,500"] {
        assert!(
            all.contains(&label.to_string()),
            "{label} missing from {all:?}"
        );
    }
}

#[test]
fn a_closed_range_has_a_stem_and_two_caps() {
    let svg = render_svg(
        &bars("One", vec![bar("A", None, range(54.0, 57.0, 60.0))]),
        "",
    )
    .unwrap();
    // Gridlines are polylines too: compare with the exact bar's count.
    let exact = render_svg(
        &bars("One", vec![bar("A", None, Estimate::exact(57.0))]),
        "",
    )
    .unwrap();
    assert_eq!(
        svg.matches("<polyline").count() - exact.matches("<polyline").count(),
        3,
        "a stem and two caps"
    );
}

#[test]
fn several_series_get_a_key_and_one_series_none() {
    let grouped = bars(
        "Two periods",
        vec![
            bar("TTP", Some("2017"), Estimate::exact(3.0)),
            bar("TTP", Some("2018"), Estimate::exact(4.0)),
        ],
    );
    let all = texts(&render_svg(&grouped, "").unwrap());
    assert!(all.contains(&"2017".to_string()) && all.contains(&"2018".to_string()));
    let single = texts(&render_svg(&open_bars(), "").unwrap());
    assert!(!single.iter().any(|t| t == "2017"));
}

#[test]
fn empty_charts_say_no_data() {
    let empty = vec![
        bars("Nothing", vec![]),
        timeline(vec![], true),
        Chart::Columns(ColumnChart {
            id: "c".into(),
            title: "t".into(),
            unit: "u".into(),
            columns: vec![],
        }),
        Chart::Panels(Panels {
            id: "p".into(),
            title: "t".into(),
            unit: "u".into(),
            panels: vec![],
        }),
        Chart::Shares(ShareChart {
            id: "s".into(),
            title: "t".into(),
            rows: vec![],
        }),
        Chart::Map(MapChart {
            id: "m".into(),
            title: "t".into(),
            unit: "u".into(),
            regions: vec![],
        }),
    ];
    for chart in empty {
        let svg = render_svg(&chart, "").unwrap();
        assert!(texts(&svg).contains(&"No data".to_string()), "{chart:?}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}

#[test]
fn degenerate_values_do_not_panic_or_leak_nan() {
    let nan = Estimate::new(None, f64::NAN, None);
    let infinite = Estimate::new(Some(1.0), f64::INFINITY, Some(f64::INFINITY));
    let one = |value| bar("A", None, value);
    let cases = vec![
        bars("Not a number", vec![one(nan)]),
        bars("Infinite", vec![one(infinite)]),
        bars(
            "Equal",
            vec![
                one(Estimate::exact(5.0)),
                bar("B", None, Estimate::exact(5.0)),
            ],
        ),
        bars("Zero", vec![one(Estimate::exact(0.0))]),
        bars("Negative", vec![one(range(-16.5, -16.0, -15.5))]),
        timeline(
            vec![point((2023, 1, 1), "A", "x", Estimate::exact(7.0))],
            false,
        ),
        timeline(
            vec![point((2023, 1, 1), "A", "x", Estimate::exact(7.0)); 3],
            true,
        ),
        timeline(
            vec![
                point((2023, 1, 1), "A", "x", nan),
                point((2023, 1, 1), "A", "x", infinite),
            ],
            true,
        ),
        Chart::Columns(ColumnChart {
            id: "c".into(),
            title: "gaps".into(),
            unit: "u".into(),
            columns: columns(vec![nan, Estimate::exact(3.0), nan]),
        }),
    ];
    for chart in cases {
        let svg = render_svg(&chart, "").unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{chart:?}");
        // A negative size is invalid SVG (bars below 0 must be flipped).
        let negative = svg.contains("height=\"-") || svg.contains("width=\"-");
        assert!(!negative, "negative size in {chart:?}");
    }
}

#[test]
fn long_category_names_wrap_onto_two_lines_and_are_cut_after() {
    let long =
        "Tehrik-e-Taliban Pakistan and its associated splinter groups in the tribal districts of the north-west and beyond";
    let svg = render_svg(
        &bars("Long", vec![bar(long, None, Estimate::exact(3.0))]),
        "",
    )
    .unwrap();
    assert!(!svg.contains(long));
    let all = texts(&svg);
    assert!(all.iter().any(|t| t.starts_with("Tehrik-e-Taliban")));
    assert!(all.iter().any(|t| t.ends_with('…')), "{all:?}");
}

#[test]
fn a_crowded_timeline_draws_its_ranges_without_notes() {
    let points = |n: usize| -> Vec<TimePoint> {
        (0..n)
            .map(|i| {
                let date = (2000 + (i % 25) as i32, 1 + (i % 12) as u32, 1);
                let value = Estimate::new(Some(10.0), 20.0 + i as f64, None);
                point(date, "A", &format!("value {i}"), value)
            })
            .collect()
    };
    let limit = timeline::LABELLED_MARKS;
    let few = texts(&render_svg(&timeline(points(limit), false), "").unwrap());
    assert!(few.iter().any(|t| t == "value 0") && few.iter().any(|t| t.starts_with("≥ ")));
    let many = render_svg(&timeline(points(limit + 1), false), "").unwrap();
    assert!(!texts(&many)
        .iter()
        .any(|t| t.starts_with("value ") || t.starts_with("≥ ")));
    assert!(
        many.matches("<polygon").count() > limit,
        "every open range keeps its arrow"
    );
}

#[test]
fn a_log_scale_ticks_at_powers_of_ten() {
    let log = texts(&render_svg(&strength_timeline(true), "").unwrap());
    let linear = texts(&render_svg(&strength_timeline(false), "").unwrap());
    for tick in ["1,000", "10,000", "100,000"] {
        assert!(
            log.contains(&tick.to_string()),
            "{tick} missing from {log:?}"
        );
    }
    assert!(!linear.contains(&"1,000".to_string()));
}

#[test]
fn timeline_series_are_named_at_their_ends_not_in_a_legend() {
    let svg = render_svg(&strength_timeline(true), "").unwrap();
    let all = texts(&svg);
    for text in [
        "TTP",
        "IS-K in Pakistan",
        "Total",
        "RUSI",
        "≥ 600",
        "2020",
        "2024",
    ] {
        assert!(
            all.contains(&text.to_string()),
            "{text} missing from {all:?}"
        );
    }
    // Vermillion is the second series' colour (Okabe–Ito).
    assert!(svg.contains("#D55E00"));
    // Names sit right of the plot, past every year label.
    let year_x = |year: &str| {
        let tag = svg
            .split("<text")
            .find(|t| t.contains(&format!(">\n{year}\n")))
            .unwrap();
        attribute(tag, "x")
    };
    let name_x = {
        let tag = svg
            .split("<text")
            .find(|t| t.contains(">\nIS-K in Pakistan\n"))
            .unwrap();
        attribute(tag, "x")
    };
    assert!(name_x > year_x("2024"));
}

#[test]
fn small_multiples_share_one_scale_and_name_each_panel() {
    let svg = render_svg(&panels(7), "").unwrap();
    let all = texts(&svg);
    for i in 0..7 {
        assert!(all.contains(&format!("Province {i}")), "{all:?}");
    }
    // Tick labels only on the first panel of each of the two rows.
    assert_eq!(all.iter().filter(|t| *t == "0").count(), 2, "{all:?}");
    let (_, h) = panels(7).size();
    let (_, h4) = panels(4).size();
    assert!(h > h4, "eight panels take two rows, four one");
}

#[test]
fn shares_draw_the_part_the_rest_and_the_range_at_the_edge() {
    let svg = render_svg(&shares(), "").unwrap();
    let all = texts(&svg);
    assert!(all.contains(&"Balochistan 40–60%".to_string()), "{all:?}");
    assert!(all.contains(&"rest of Pakistan".to_string()));
    assert!(all.contains(&"100%".to_string()));
}

#[test]
fn a_map_shades_labels_and_hatches_provinces() {
    let svg = render_svg(&map(), "").unwrap();
    let all = texts(&svg);
    for text in [
        "Balochistan",
        "1,046 (980–1,140)",
        "Punjab",
        "12",
        "Sindh",
        "no figure",
        "no figure in the data",
        "People killed",
    ] {
        assert!(
            all.contains(&text.to_string()),
            "{text} missing from {all:?}"
        );
    }
    // Sindh, with no figure, is white and hatched; the neighbours grey.
    assert!(svg.contains(r##"fill="#FFFFFF""##));
    assert!(svg.contains(r##"fill="#EEEEEE""##));
    let hatching = svg.matches(r##"stroke="#9AA3AB""##).count();
    assert!(hatching > 10, "{hatching} hatch lines");
    // Without Sindh's gap in the data, nothing is hatched.
    let Chart::Map(mut whole) = map() else {
        unreachable!()
    };
    whole.regions.retain(|r| r.value.is_some());
    let svg = render_svg(&Chart::Map(whole), "").unwrap();
    assert_eq!(svg.matches(r##"stroke="#9AA3AB""##).count(), 0);
}

/// Writes sample charts for a look: `cargo test --release --lib chart -- --ignored`.
#[test]
#[ignore]
fn write_samples() {
    let dir = std::env::temp_dir();
    for chart in every_kind() {
        let name = format!("sitrep_{}_{}.svg", chart.kind(), chart.id());
        std::fs::write(dir.join(name), render_svg(&chart, "sample").unwrap()).unwrap();
    }
}
