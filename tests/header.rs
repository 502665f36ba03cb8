//! The committed C header is what cbindgen generates from the code, and it
//! declares every entry point.

use actfn::catalogue::OPS;
use std::path::Path;
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn working_copy() -> String {
    std::fs::read_to_string(manifest_dir().join("include/actfn.h")).expect("include/actfn.h")
}

/// The first differing line, for failure messages.
fn first_difference(a: &str, b: &str) -> String {
    for (k, (la, lb)) in a.lines().zip(b.lines()).enumerate() {
        if la != lb {
            return format!("line {}:\n  committed: {la}\n  generated: {lb}", k + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

#[test]
fn working_copy_header_is_the_generated_one() {
    let h = working_copy();
    assert!(
        h == actfn::GENERATED_HEADER,
        "include/actfn.h differs from the header this build generated ({}); run `cargo build`",
        first_difference(&h, actfn::GENERATED_HEADER)
    );
}

/// The build rewrites include/actfn.h, so the working copy always matches;
/// what must match is the committed one.
#[test]
fn committed_header_is_fresh() {
    let dir = manifest_dir();
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(dir).output();
    match git(&["rev-parse", "--verify", "HEAD"]) {
        Ok(o) if o.status.success() => {}
        _ => {
            eprintln!("no git or no HEAD commit: skipping the committed-header check");
            return;
        }
    }
    let out = git(&["show", "HEAD:include/actfn.h"]).expect("git show");
    assert!(
        out.status.success(),
        "include/actfn.h is not committed: commit the generated header ({})",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = String::from_utf8(out.stdout).expect("UTF-8 header");
    assert!(
        committed == actfn::GENERATED_HEADER,
        "the committed include/actfn.h is stale: the build regenerated it; commit the new include/actfn.h ({})",
        first_difference(&committed, actfn::GENERATED_HEADER)
    );
}

/// Every function of the C API, with the start of its prototype.
fn expected_prototypes() -> Vec<String> {
    let mut v: Vec<String> = OPS
        .iter()
        .map(|o| format!("actfn_status actfn_{}_f32(const float *x,", o.name))
        .collect();
    for f in [
        "actfn_status actfn_apply_f32(actfn_op op,",
        "actfn_status actfn_params_default(actfn_op op, struct actfn_params *params);",
        "actfn_status actfn_softmax_f32(const float *x, float *y, size_t rows, size_t cols);",
        "actfn_status actfn_log_softmax_f32(const float *x, float *y, size_t rows, size_t cols);",
        "actfn_status actfn_softmax_axis_f32(const float *x,",
        "actfn_status actfn_log_softmax_axis_f32(const float *x,",
        "actfn_status actfn_softmax_masked_f32(const float *x,",
        "actfn_status actfn_glu_f32(const float *x, float *y, size_t outer, size_t axis, size_t inner);",
        "actfn_status actfn_sparsemax_f32(const float *x, float *y, size_t rows, size_t cols);",
        "actfn_status actfn_prelu_f32(const float *x,",
        "actfn_status actfn_op_from_name(const char *name, actfn_op *op);",
        "const char *actfn_op_name(actfn_op op);",
        "actfn_isa actfn_active_isa(void);",
        "actfn_status actfn_force_isa(actfn_isa isa);",
        "actfn_isa_supported(actfn_isa isa);",
        "const char *actfn_isa_name(actfn_isa isa);",
        "const char *actfn_status_str(actfn_status status);",
        "const char *actfn_version(void);",
    ] {
        v.push(f.to_string());
    }
    v
}

#[test]
fn header_declares_every_function() {
    let h = working_copy();
    // cbindgen breaks long prototypes after the first argument; join lines so
    // both forms match.
    let flat: String = h
        .lines()
        .map(|l| l.trim_start())
        .collect::<Vec<_>>()
        .join("\n");
    for p in expected_prototypes() {
        let short = p.trim_end_matches(';');
        assert!(
            flat.contains(&p)
                || flat.contains(&format!("{short}\n"))
                || flat.contains(&format!("{short})")),
            "include/actfn.h lacks the prototype `{p}`"
        );
    }
    for (i, o) in OPS.iter().enumerate() {
        let def = format!("#define ACTFN_OP_{} {i}\n", o.name.to_uppercase());
        assert!(
            h.contains(&def),
            "include/actfn.h lacks `{}`",
            def.trim_end()
        );
        // Each parameter of the op appears as a float argument of its function.
        for spec in o.params {
            let needle = format!("float {}", spec.param.field());
            let start = h.find(&format!("actfn_{}_f32(", o.name)).unwrap();
            let end = start + h[start..].find(';').unwrap();
            assert!(
                h[start..end].contains(&needle),
                "actfn_{}_f32 lacks `{needle}`",
                o.name
            );
        }
    }
    assert!(h.contains(&format!("#define ACTFN_OP_COUNT {}\n", OPS.len())));
    // Every function returns or is declared once.
    for o in OPS {
        let n = h.matches(&format!(" actfn_{}_f32(", o.name)).count();
        assert_eq!(n, 1, "actfn_{}_f32 declared {n} times", o.name);
    }
}

/// The header must be self-contained C: every type it names is defined by
/// a header it includes (`bool` needs <stdbool.h> before C23).
#[test]
fn header_is_self_contained_c() {
    let h = working_copy();
    let uses_bool = h.lines().any(|l| {
        !l.trim_start().starts_with("//")
            && l.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "bool")
    });
    if uses_bool {
        assert!(h.contains("#include <stdbool.h>"), "include/actfn.h uses `bool` without #include <stdbool.h> (fails to compile as C99/C11/C17)");
    }
    for inc in ["#include <stddef.h>", "#include <stdint.h>"] {
        assert!(h.contains(inc), "missing {inc}");
    }
    assert!(h.contains("extern \"C\""), "no extern \"C\" block for C++");
}

/// If a C compiler is around, the header must compile as C99 and C++11 on
/// its own (the C tests do more; this catches it in `cargo test`).
#[test]
fn header_compiles_when_a_compiler_is_present() {
    let dir = std::env::temp_dir().join(format!("actfn-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let inc = manifest_dir().join("include");
    let src_c = dir.join("h.c");
    std::fs::write(&src_c, "#include \"actfn.h\"\nint main(void) { actfn_params p; (void)p; return actfn_isa_supported(ACTFN_ISA_SCALAR) ? 0 : 1; }\n").unwrap();
    let src_cc = dir.join("h.cc");
    std::fs::write(&src_cc, "#include \"actfn.h\"\nint main() { return actfn_isa_supported(ACTFN_ISA_SCALAR) ? 0 : 1; }\n").unwrap();
    let mut failures = Vec::new();
    for (cc, std, src) in [
        ("cc", "-std=c99", &src_c),
        ("cc", "-std=c11", &src_c),
        ("c++", "-std=c++11", &src_cc),
    ] {
        let out = Command::new(cc)
            .args([std, "-Wall", "-Werror", "-fsyntax-only", "-I"])
            .arg(&inc)
            .arg(src)
            .output();
        match out {
            Err(_) => eprintln!("{cc} not found: skipping {std}"),
            Ok(o) if !o.status.success() => failures.push(format!(
                "{cc} {std}:\n{}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Ok(_) => {}
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "include/actfn.h does not compile:\n{}",
        failures.join("\n")
    );
}
