//! Pictures of the map and the charts, for reports and slides: one standalone SVG with a title
//! that says what it shows (the view in words, with its as-of date), the chart itself, its
//! legend, and a source line with the view's link. The chart is the app's own SVG, serialised;
//! this module frames it. Pictures use the light palette on white whatever the page's colour
//! scheme, so that they print; `STYLE`'s colours are the stylesheet's (a test holds them equal).
//! The PNG is the same SVG drawn `PNG_SCALE` times larger through a canvas.

use crate::map::LIGHT;

/// Chart units across a picture.
pub const WIDTH: i32 = 800;
/// A PNG is 1600 pixels wide.
pub const PNG_SCALE: u32 = 2;
pub const SOURCE: &str = "Source: ESCA, ECEI label lists \u{2014} ECEI Cluster Atlas";

const MARGIN: i32 = 24;
const CHART_TOP: i32 = 84;
const LINE: i32 = 20;
/// Estimated width of a character of text (13.6 units, the page's small size), to wrap the
/// legend and the source line.
const CHAR_WIDTH: i32 = 8;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A filled square, in a colour of `PALETTE` (its variable name without `--`).
    Fill(&'static str),
    /// A short line in the style of the comparison's series `i`.
    Series(usize),
    /// The dashed as-of marker: only in a legend whose chart draws it.
    AsOf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    pub mark: Mark,
    pub text: String,
}

pub struct Picture<'a> {
    /// What the chart is: "Clusters by sector".
    pub title: &'a str,
    /// `describe::in_words` of the view.
    pub subtitle: &'a str,
    pub legend: &'a [LegendEntry],
    /// The view's canonical URL.
    pub url: &'a str,
}

/// Where the chart goes in the picture: its `<svg>` gets these as x, y, width and height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

/// The chart, `chart_width` × `chart_height` in its own units: at its own size, where its text
/// is the size of the picture's, or scaled down to the picture's width when it is wider.
pub fn place(chart_width: i32, chart_height: i32) -> Placement {
    let width = chart_width.clamp(0, WIDTH - 2 * MARGIN);
    let height = if chart_width > 0 {
        (i64::from(chart_height.max(0)) * i64::from(width) / i64::from(chart_width)) as i32
    } else {
        0
    };
    Placement {
        x: MARGIN,
        y: CHART_TOP,
        width,
        height,
    }
}

/// The light palette, as `style/main.css` has it in `:root`; the map's colours are `map::LIGHT`.
pub const PALETTE: [(&str, &str); 20] = [
    ("fg", "#1b1f24"),
    ("muted", "#57606a"),
    ("line", "#d0d7de"),
    ("accent", "#0b5cad"),
    ("sea", "#eaf2f8"),
    ("land", LIGHT.land),
    ("land-line", "#ffffff"),
    ("c1", LIGHT.classes[0]),
    ("c2", LIGHT.classes[1]),
    ("c3", LIGHT.classes[2]),
    ("c4", LIGHT.classes[3]),
    ("c5", LIGHT.classes[4]),
    ("selected", "#c4450c"),
    ("bar", "#2a788e"),
    ("series-0", "#0072b2"),
    ("series-1", "#c2410c"),
    ("series-2", "#007a5a"),
    ("series-3", "#a8448a"),
    ("series-4", "#7a6400"),
    ("series-5", "#444444"),
];

/// The rules of `style/main.css` that draw the map and the charts, with `var(--x)` for the
/// palette's colours (filled in by `style`).
const RULES: &str = "\
text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:var(--fg);font-size:13.6px}\
.title{font-size:20px;font-weight:700}.subtitle,.source{fill:var(--muted)}.source{font-size:12px}\
.sea{fill:var(--sea)}.land{fill:var(--land);stroke:var(--land-line);stroke-width:.5}\
.country use,.country circle{fill:var(--land)}\
.country.c1 use,.country.c1 circle,.fill-c1{fill:var(--c1)}\
.country.c2 use,.country.c2 circle,.fill-c2{fill:var(--c2)}\
.country.c3 use,.country.c3 circle,.fill-c3{fill:var(--c3)}\
.country.c4 use,.country.c4 circle,.fill-c4{fill:var(--c4)}\
.country.c5 use,.country.c5 circle,.fill-c5{fill:var(--c5)}\
.fill-land{fill:var(--land)}.fill-bar{fill:var(--bar)}\
.country circle.marker{stroke:var(--fg);stroke-width:.6}\
.country.selected use,.country.selected circle{stroke:var(--selected);stroke-width:2.5}\
.bar{fill:var(--bar)}.area{fill:var(--bar);fill-opacity:.55;stroke:var(--bar);stroke-width:1}\
.axis{stroke:var(--muted)}.grid{stroke:var(--line)}.window{fill:var(--accent);fill-opacity:.18}\
.asof-marker line,line.asof{stroke:var(--selected);stroke-width:2;stroke-dasharray:4 3}\
.series{fill:none;stroke-width:2}\
.series-0{stroke:var(--series-0)}.series-1{stroke:var(--series-1);stroke-dasharray:8 3}\
.series-2{stroke:var(--series-2);stroke-dasharray:2 2}.series-3{stroke:var(--series-3);stroke-dasharray:10 3 2 3}\
.series-4{stroke:var(--series-4);stroke-dasharray:4 4}.series-5{stroke:var(--series-5);stroke-dasharray:12 2 2 2 2 2}\
.leader{stroke-dasharray:none;stroke-width:1.5}";

/// `RULES` with the palette's colours written in, for a file that must look the same in any
/// viewer (some do not know CSS variables).
pub fn style() -> String {
    let mut style = RULES.to_string();
    // `var(--c1)` is closed by its parenthesis: no name is replaced inside a longer one.
    for (name, colour) in PALETTE {
        style = style.replace(&format!("var(--{name})"), colour);
    }
    style
}

/// A finished picture: the SVG file's text, `WIDTH` wide and `height` high.
pub struct Drawn {
    pub svg: String,
    pub height: i32,
}

/// The picture: `chart` is the chart's `<svg>` element, serialised, with `placement`'s x, y,
/// width and height set; `defs` is what its `<use>`s refer to (the map's geometry), or empty.
pub fn compose(picture: &Picture, placement: &Placement, chart: &str, defs: &str) -> Drawn {
    let text_width = WIDTH - 2 * MARGIN;
    let mut body = String::new();
    body.push_str(&format!(
        "<text class=\"title\" x=\"{MARGIN}\" y=\"40\">{}</text>\
         <text class=\"subtitle\" x=\"{MARGIN}\" y=\"64\">{}</text>",
        escape(picture.title),
        escape(picture.subtitle)
    ));
    body.push_str(chart);
    let mut y = placement.y + placement.height + 2 * LINE;
    let mut x = MARGIN;
    for entry in picture.legend {
        let width = 20 + CHAR_WIDTH * entry.text.chars().count() as i32;
        if x > MARGIN && x + width > MARGIN + text_width {
            x = MARGIN;
            y += LINE;
        }
        body.push_str(&match entry.mark {
            Mark::Fill(colour) => format!(
                "<rect class=\"fill-{colour}\" x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" stroke=\"#57606a\" stroke-width=\".5\"/>",
                y - 10
            ),
            Mark::Series(i) => format!(
                "<line class=\"series series-{i}\" x1=\"{x}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
                x + 14,
                y - 4,
                y - 4
            ),
            Mark::AsOf => format!(
                "<line class=\"asof\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
                x + 6,
                x + 6,
                y - 12,
                y + 2
            ),
        });
        body.push_str(&format!(
            "<text x=\"{}\" y=\"{y}\">{}</text>",
            x + 18,
            escape(&entry.text)
        ));
        x += width + 18;
    }
    if !picture.legend.is_empty() {
        y += LINE + LINE / 2;
    }
    // The source, and the link on its own line when both do not fit on one.
    let one_line = format!("{SOURCE} \u{00b7} {}", picture.url);
    let lines = if CHAR_WIDTH * one_line.chars().count() as i32 * 11 / 12 <= text_width {
        vec![one_line]
    } else {
        vec![SOURCE.to_string(), picture.url.to_string()]
    };
    for line in &lines {
        body.push_str(&format!(
            "<text class=\"source\" x=\"{MARGIN}\" y=\"{y}\">{}</text>",
            escape(line)
        ));
        y += LINE - 4;
    }
    let height = y + MARGIN / 2;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\">\
         <title>{title}</title><style>{style}</style><defs>{defs}</defs>\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>{body}</svg>\n",
        title = escape(picture.title),
        style = style(),
    );
    Drawn { svg, height }
}

/// The inside of an SVG sprite: what lies between its root element's tags, for `defs`.
pub fn sprite_contents(sprite: &str) -> Option<&str> {
    let start = sprite.find("<svg")?;
    let open_end = start + sprite[start..].find('>')? + 1;
    let close = sprite.rfind("</svg>")?;
    (open_end <= close).then(|| &sprite[open_end..close])
}

/// Text for XML: the five characters that could end a text node or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(legend: &[LegendEntry], url: &str) -> String {
        let placement = place(560, 180);
        let chart = format!(
            "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 560 180\"><rect class=\"bar\" width=\"10\" height=\"10\"/></svg>",
            placement.x, placement.y, placement.width, placement.height
        );
        compose(
            &Picture {
                title: "Clusters by sector",
                subtitle: "Search: \u{201c}<b>&co\u{201d} · as of 1 January 2016",
                legend,
                url,
            },
            &placement,
            &chart,
            "<path id=\"ES\" d=\"M0,0H1Z\"/>",
        )
        .svg
    }

    #[test]
    fn a_picture_is_well_formed_and_says_what_and_whence() {
        let legend = [
            LegendEntry {
                mark: Mark::Fill("c3"),
                text: "5–9".into(),
            },
            LegendEntry {
                mark: Mark::Series(1),
                text: "Spain".into(),
            },
            LegendEntry {
                mark: Mark::AsOf,
                text: "as of 1 January 2016".into(),
            },
        ];
        let svg = picture(&legend, "https://example.org/?q=%3Cb%3E&sector=ict");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts[0], "Clusters by sector");
        assert_eq!(
            texts[1],
            "Search: \u{201c}<b>&co\u{201d} · as of 1 January 2016"
        );
        assert!(texts.contains(&"Spain") && texts.contains(&"5–9"));
        assert!(texts
            .iter()
            .any(|t| t.starts_with(SOURCE) && t.ends_with("?q=%3Cb%3E&sector=ict")));
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some("800"));
        let height: i32 = root.attribute("height").unwrap().parse().unwrap();
        assert!(
            height > place(560, 180).y + place(560, 180).height + 40,
            "{height}"
        );
        // The chart's geometry is there, and the colours are written in.
        assert!(doc.descendants().any(|n| n.attribute("id") == Some("ES")));
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("style"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(
            !style.contains("var(") && style.contains(".bar{fill:#2a788e}"),
            "{style}"
        );
    }

    #[test]
    fn a_long_link_gets_a_line_of_its_own() {
        let long = format!("https://example.org/?q={}", "x".repeat(120));
        let svg = picture(&[], &long);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let sources: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("source"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(sources, [SOURCE, long.as_str()]);
    }

    #[test]
    fn the_chart_keeps_its_shape() {
        assert_eq!(
            place(1000, 500),
            Placement {
                x: 24,
                y: 84,
                width: 752,
                height: 376
            }
        );
        // A chart narrower than the picture keeps its size, and its text the picture's.
        assert_eq!(
            place(600, 200),
            Placement {
                x: 24,
                y: 84,
                width: 600,
                height: 200
            }
        );
        assert_eq!(place(0, 500).height, 0);
        assert_eq!(place(-5, -5).height, 0);
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\u{7}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; "
        );
    }

    #[test]
    fn a_sprites_inside() {
        let sprite = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"world\"><path id=\"ES\"/></g></svg>\n";
        assert_eq!(
            sprite_contents(sprite),
            Some("<g id=\"world\"><path id=\"ES\"/></g>")
        );
        assert_eq!(sprite_contents("<svg/>"), None);
        assert_eq!(sprite_contents("nothing"), None);
    }

    /// A picture's lines have the page's dash patterns, so that its legend and the page agree.
    #[test]
    fn the_dash_patterns_are_the_stylesheets() {
        let css =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/main.css"))
                .expect("style/main.css");
        for i in 1..6 {
            let rule = format!(".series-{i}{{stroke:var(--series-{i});stroke-dasharray:");
            let at = RULES.find(&rule).expect("a dash pattern") + rule.len();
            let dashes = &RULES[at..at + RULES[at..].find('}').unwrap()];
            let page =
                format!(".series-{i} {{ stroke: var(--series-{i}); stroke-dasharray: {dashes}; }}");
            assert!(css.contains(&page), "main.css lacks {page}");
        }
    }

    /// The picture's colours are the light palette of the page's stylesheet.
    #[test]
    fn the_palette_is_the_stylesheets() {
        let css =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/main.css"))
                .expect("style/main.css");
        let root = &css[css.find(":root").unwrap()..];
        let root = &root[..root.find('}').unwrap()];
        for (name, colour) in PALETTE {
            let declaration = format!("--{name}: {colour};");
            assert!(
                root.contains(&declaration),
                "main.css :root lacks {declaration}"
            );
        }
    }
}
