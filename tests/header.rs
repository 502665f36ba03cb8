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

/// build.rs writes the header into OUT_DIR only (cargo package refuses a
/// build script that writes into the source tree); the committed copy must
/// be the one this build generates.
#[test]
fn committed_header_is_the_generated_one() {
    let h = working_copy();
    assert!(
        h == actfn::GENERATED_HEADER,
        "include/actfn.h is stale: it differs from the header this build generated ({}); \
         run scripts/refresh-header.sh and commit include/actfn.h",
        first_difference(&h, actfn::GENERATED_HEADER)
    );
}

/// ACTFN_VERSION_MAJOR/MINOR/PATCH say the version actfn_version() returns.
#[test]
fn version_macros_match_actfn_version() {
    let h = working_copy();
    let version = unsafe { std::ffi::CStr::from_ptr(actfn::capi::isa::actfn_version()) }
        .to_str()
        .unwrap()
        .to_string();
    let parts: Vec<&str> = version.split('.').collect();
    assert_eq!(parts.len(), 3, "actfn_version() = {version:?}");
    for (name, value) in ["MAJOR", "MINOR", "PATCH"].iter().zip(&parts) {
        let def = format!("#define ACTFN_VERSION_{name} {value}\n");
        assert!(
            h.contains(&def),
            "include/actfn.h lacks `{}` (actfn_version() = {version})",
            def.trim_end()
        );
    }
}

/// Every non-integer constant is a float literal, so that assigning it to a
/// float passes -Wconversion (`p.negative_slope = ACTFN_..._SLOPE;`).
#[test]
fn float_constants_are_float_literals() {
    let h = working_copy();
    let mut floats = 0;
    for l in h.lines().filter(|l| l.starts_with("#define ACTFN_")) {
        let value = l.splitn(3, ' ').nth(2).unwrap_or("");
        let bare = value.trim_start_matches('(').trim_end_matches(')');
        if bare.contains(['.', 'e', 'E']) {
            floats += 1;
            let lit = bare.strip_suffix('f').unwrap_or_else(|| {
                panic!("`{l}` is a double literal: float constants need the f suffix")
            });
            assert!(lit.parse::<f32>().is_ok(), "`{l}` is not a float literal");
            if bare.starts_with('-') {
                assert!(
                    value.starts_with('('),
                    "`{l}`: a negative value needs parentheses"
                );
            }
        }
    }
    assert!(floats >= 9, "only {floats} float constants found");
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

const STRICT: &[&str] = &[
    "-Wall",
    "-Wextra",
    "-Wpedantic",
    "-Wconversion",
    "-Werror",
    "-fsyntax-only",
];

/// A C file that uses every constant of the header the way a program does:
/// each float constant assigned to a float, each integer one to its type.
fn uses_of_every_constant(h: &str) -> String {
    let mut body = String::from("    actfn_params p;\n    float f;\n    (void)p;\n");
    for l in h.lines().filter(|l| l.starts_with("#define ACTFN_")) {
        let mut w = l.split(' ');
        let (name, value) = (w.nth(1).unwrap(), w.next().unwrap_or(""));
        if value.contains(['.', 'e']) {
            body.push_str(&format!("    f = {name};\n    (void)f;\n"));
        } else if name.starts_with("ACTFN_OP_") && name != "ACTFN_OP_COUNT" {
            body.push_str(&format!("    {{ actfn_op v = {name}; (void)v; }}\n"));
        } else if name.starts_with("ACTFN_ISA_") {
            body.push_str(&format!("    {{ actfn_isa v = {name}; (void)v; }}\n"));
        } else if name.starts_with("ACTFN_OK") || name.starts_with("ACTFN_ERR_") {
            body.push_str(&format!("    {{ actfn_status v = {name}; (void)v; }}\n"));
        } else if !value.is_empty() {
            body.push_str(&format!("    {{ int v = {name}; (void)v; }}\n"));
        }
    }
    body.push_str("    p.negative_slope = ACTFN_LEAKY_RELU_LAYER_SLOPE;\n");
    format!("#include \"actfn.h\"\nint use_constants(void);\nint use_constants(void)\n{{\n{body}    return 0;\n}}\n")
}

/// The ```c blocks of README.md, each as a C file: a block with `main` as
/// it is, any other one inside a function whose parameters are the names
/// the prose around it leaves undeclared (`logits, probs, rows, cols`).
fn readme_snippets() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).expect("README.md");
    let mut out = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((k, l)) = lines.next() {
        if l.trim() != "```c" {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| l.trim() != "```")
            .collect();
        let label = format!("README.md line {}", k + 1);
        if block.iter().any(|l| l.contains("main(")) {
            out.push((label, block.join("\n") + "\n"));
            continue;
        }
        let (pre, body): (Vec<&str>, Vec<&str>) =
            block.iter().partition(|l| l.trim_start().starts_with('#'));
        out.push((
            label,
            format!(
                "#include <stdio.h>\n{}\nvoid snippet(float *logits, float *probs, size_t rows, size_t cols);\n\
                 void snippet(float *logits, float *probs, size_t rows, size_t cols)\n{{\n{}\n}}\n",
                pre.join("\n"),
                body.join("\n")
            ),
        ));
    }
    out
}

/// The header compiles as C99, C11, C++11, C++17 and C++20 with every
/// warning an error (-Wconversion and -Wpedantic included), with gcc and
/// clang where present, and so does every C snippet of the README.
#[test]
fn header_and_readme_snippets_compile_strictly() {
    let dir = std::env::temp_dir().join(format!("actfn-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let inc = manifest_dir().join("include");
    let h = working_copy();
    let mut c_files = vec![("every constant".to_string(), uses_of_every_constant(&h))];
    let snippets = readme_snippets();
    assert!(!snippets.is_empty(), "no ```c block found in README.md");
    c_files.extend(snippets);
    let mut failures = Vec::new();
    let mut compiled = 0;
    let mut compile = |cc: &str, std: &str, label: &str, ext: &str, src: &str| {
        let file = dir.join(format!("t{compiled}.{ext}"));
        std::fs::write(&file, src).unwrap();
        match Command::new(cc)
            .arg(std)
            .args(STRICT)
            .arg("-I")
            .arg(&inc)
            .arg(&file)
            .output()
        {
            Err(_) => eprintln!("SKIPPED: {cc} not found ({label}, {std})"),
            Ok(o) if !o.status.success() => failures.push(format!(
                "{cc} {std} ({label}):\n{}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Ok(_) => {}
        }
        compiled += 1;
    };
    for cc in ["cc", "clang"] {
        for std in ["-std=c99", "-std=c11"] {
            for (label, src) in &c_files {
                compile(cc, std, label, "c", src);
            }
        }
    }
    for cxx in ["c++", "clang++"] {
        for std in ["-std=c++11", "-std=c++17", "-std=c++20"] {
            // The same uses, as C++ (the header's extern "C" block included).
            compile(cxx, std, "every constant, C++", "cc", &c_files[0].1);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "include/actfn.h or a README snippet does not compile:\n{}",
        failures.join("\n")
    );
}
