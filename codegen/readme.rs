//! The README's tables that follow from the catalogue: the functions (name,
//! formula, parameters and defaults) and the accuracy (bound and the
//! measured maximum over all 2^32 inputs), and the two tiers side by side
//! (bounds from the catalogue, speed from `docs/tier-speed.tsv`, which the
//! peers report writes). Each sits between
//! `<!-- catalogue:NAME -->` and `<!-- /catalogue:NAME -->` in README.md; a
//! unit test fails when one is stale, and `ACTFN_BLESS=1 cargo test --lib
//! readme` rewrites them.

use crate::catalogue::{Accuracy, OPS};
use std::fmt::Write;

fn default_text(v: f32) -> String {
    if v.is_infinite() {
        "INFINITY".to_string()
    } else if v.abs() == f32::MAX {
        format!("{}FLT_MAX", if v < 0.0 { "-" } else { "" })
    } else {
        format!("{v}")
    }
}

/// name | formula | parameters (default: Keras's; ONNX's for the ops
/// that exist for ONNX's attributes).
pub fn functions_table() -> String {
    let mut s = String::from("| name | formula | parameters (default: Keras's, ONNX's for the `_ex`, clip and shrink ops) |\n|---|---|---|\n");
    for op in OPS {
        let aliases: Vec<&str> = op
            .keras_names
            .iter()
            .copied()
            .filter(|n| *n != op.name)
            .collect();
        let name = if aliases.is_empty() {
            op.name.to_string()
        } else {
            format!("{} ({})", op.name, aliases.join(", "))
        };
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| match p.default {
                Some(d) => format!("{} ({})", p.param.field(), default_text(d)),
                None => format!("{} (required)", p.param.field()),
            })
            .collect();
        let formula = op.formula.trim_start_matches("y = ");
        writeln!(
            s,
            "| {name} | `{}` | {} |",
            formula.replace('|', "\\|"),
            params.join(", ")
        )
        .unwrap();
    }
    s
}

/// function | parameters | bound | measured max | worst at x.
pub fn accuracy_table() -> String {
    let mut s = String::from(
        "| function | parameters | bound | max error, all 2^32 inputs | worst at x |\n\
         |---|---|---:|---:|---|\n",
    );
    for op in OPS {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                format!(
                    "{}={}",
                    p.param.field(),
                    default_text(p.default.unwrap_or(p.example))
                )
            })
            .collect();
        let bound = match op.accuracy {
            Accuracy::Exact => "exact".to_string(),
            Accuracy::Ulp(u) => format!("{u} ULP"),
        };
        let worst = op
            .measured
            .worst_x
            .map_or("—".to_string(), |x| format!("{x:e}"));
        writeln!(
            s,
            "| {} | {} | {bound} | {:.3} ULP | {worst} |",
            op.name,
            if params.is_empty() {
                "—".to_string()
            } else {
                params.join(" ")
            },
            op.measured.max_ulp
        )
        .unwrap();
    }
    s
}

/// The speed at 16K elements that `tools/peers_report.py` writes into
/// `docs/tier-speed.tsv` from the peers benchmark: per function, the
/// elements per ns of the exact and the fast tier and of the fastest peer.
const TIER_SPEED: &str = include_str!("../docs/tier-speed.tsv");

/// `(exact, fast, "peer eps")` for `name` from [`TIER_SPEED`].
fn tier_speed(name: &str) -> Option<(String, String, String)> {
    TIER_SPEED
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() == 5 && f[0] == name)
        .map(|f| {
            let peer = if f[3] == "-" {
                "—".to_string()
            } else {
                format!("{} ({})", f[4], f[3])
            };
            (f[1].to_string(), f[2].to_string(), peer)
        })
}

/// The CPU line of [`TIER_SPEED`] (`# cpu: ...`).
fn tier_speed_cpu() -> &'static str {
    TIER_SPEED
        .lines()
        .find_map(|l| l.strip_prefix("# cpu: "))
        .unwrap_or("unknown CPU")
}

/// function | exact tier: bound, measured | fast tier: bound, measured,
/// worst x | speed at 16K: exact, fast, fastest peer.
pub fn tiers_table() -> String {
    let mut s = format!(
        "Bounds: over every f32 input, in ULP of the exact value (max: measured over all \
         2^32 inputs at the defaults). Speed: elements per ns at 16K elements, dispatched ISA, \
         median of `scripts/bench-peers.sh`, on {}.\n\n\
         | function | exact: bound | exact: max | fast: bound | fast: max (at x) | \
         16K el/ns, exact | 16K el/ns, fast | 16K el/ns, fastest peer |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
        tier_speed_cpu()
    );
    for op in OPS {
        let exact = match op.accuracy {
            Accuracy::Exact => "exact".to_string(),
            Accuracy::Ulp(u) => format!("{u} ULP"),
        };
        let (fast, fast_max) = match op.fast {
            Some(f) => (
                format!("{} ULP", f.bound),
                format!(
                    "{:.3} ULP ({})",
                    f.measured.max_ulp,
                    f.measured
                        .worst_x
                        .map_or("—".to_string(), |x| format!("{x:e}"))
                ),
            ),
            None => ("= exact".to_string(), "= exact".to_string()),
        };
        let (se, sf, sp) =
            tier_speed(op.name).unwrap_or(("—".to_string(), "—".to_string(), "—".to_string()));
        writeln!(
            s,
            "| {} | {exact} | {:.3} ULP | {fast} | {fast_max} | {se} | {sf} | {sp} |",
            op.name, op.measured.max_ulp
        )
        .unwrap();
    }
    s
}

/// `text` with the section `name` replaced by `body`, or None when the
/// markers are missing.
pub fn replace_section(text: &str, name: &str, body: &str) -> Option<String> {
    let open = format!("<!-- catalogue:{name} -->\n");
    let close = format!("<!-- /catalogue:{name} -->");
    let a = text.find(&open)? + open.len();
    let b = a + text[a..].find(&close)?;
    Some(format!("{}{body}{}", &text[..a], &text[b..]))
}

/// README.md with every catalogue section brought up to date.
pub fn refreshed(text: &str) -> Option<String> {
    let t = replace_section(text, "functions", &functions_table())?;
    let t = replace_section(&t, "tiers", &tiers_table())?;
    replace_section(&t, "accuracy", &accuracy_table())
}
