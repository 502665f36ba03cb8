//! The instruction sets: one descriptor each, from which the generator
//! writes the kernels, the run-time CPU detection, the dispatch entries and
//! the `ACTFN_ISA_*` constants of the header. Adding an ISA is its `Simd`
//! backend (`src/simd/<module>.rs`, declared in `src/simd/mod.rs`) and its
//! descriptor here.

/// An instruction set the generator writes kernels for.
pub struct Isa {
    /// Suffix of its kernels' names (`relu_avx2`).
    pub name: &'static str,
    /// Its `actfn_isa` value. Descriptors that share one are variants of one
    /// ISA: the first whose features the CPU has runs (the others stay
    /// reachable by the tests).
    pub value: u32,
    /// The spelling of `ACTFN_ISA` and `actfn_isa_name`, and the
    /// `ACTFN_ISA_<NAME>` constant (the first descriptor of a value names
    /// it).
    pub c_name: &'static str,
    /// The doc comment of `ACTFN_ISA_<NAME>`.
    pub doc: &'static str,
    /// What the tests and benchmarks call these kernels when an earlier
    /// variant of the same value is the one that runs.
    pub variant_label: &'static str,
    /// The `Simd` implementation: its module in `crate::simd` and its type.
    pub module: &'static str,
    pub ty: &'static str,
    /// `target_arch` it exists on, or None for every architecture.
    pub arch: Option<&'static str>,
    /// Target features: compiled with (`#[target_feature]`) and checked at
    /// run time before the kernels are used.
    pub features: &'static [&'static str],
    /// f32 lanes per register.
    pub lanes: usize,
    /// Registers per main-loop iteration, processed as one `Wide`: enough
    /// independent chains to hide the latency, few enough to keep the
    /// registers (an op's catalogue entry may ask for another number).
    pub width: usize,
}

/// Every ISA, best first: the best one the CPU has runs by default.
pub const ISAS: &[Isa] = &[
    Isa {
        name: "avx512",
        value: 3,
        c_name: "avx512",
        doc: "x86_64 with AVX-512 F, BW, DQ and VL (and AVX2, FMA): 16 lanes.",
        variant_label: "avx512",
        module: "avx512",
        ty: "Avx512",
        arch: Some("x86_64"),
        features: &["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"],
        lanes: 16,
        width: 4,
    },
    Isa {
        name: "avx2",
        value: 2,
        c_name: "avx2",
        doc: "x86_64 with AVX2 and FMA: 8 lanes.",
        variant_label: "avx2",
        module: "avx2",
        ty: "Avx2",
        arch: Some("x86_64"),
        features: &["avx2", "fma"],
        lanes: 8,
        width: 3,
    },
    Isa {
        name: "neon",
        value: 4,
        c_name: "neon",
        doc: "aarch64 Advanced SIMD: 4 lanes.",
        variant_label: "neon",
        module: "neon",
        ty: "Neon",
        arch: Some("aarch64"),
        features: &["neon"],
        lanes: 4,
        width: 4,
    },
    // The scalar kernels compiled for FMA: on x86_64 CPUs that have it,
    // ACTFN_ISA_SCALAR runs these (the same bits as the software FMA below).
    Isa {
        name: "scalar_fma",
        value: 1,
        c_name: "scalar",
        doc: "One lane at a time; every CPU.",
        variant_label: "scalar-fma",
        module: "scalar",
        ty: "ScalarFma",
        arch: Some("x86_64"),
        features: &["fma"],
        lanes: 1,
        width: 4,
    },
    Isa {
        name: "scalar",
        value: 1,
        c_name: "scalar",
        doc: "One lane at a time; every CPU.",
        variant_label: "scalar-soft-fma",
        module: "scalar",
        ty: "Scalar",
        arch: None,
        features: &[],
        lanes: 1,
        width: 4,
    },
];

/// The architectures some descriptor names, for the per-architecture lists.
pub const ARCHES: &[&str] = &["x86_64", "aarch64"];

impl Isa {
    /// Whether this ISA exists when compiling for `arch` (None: another one).
    pub fn on(&self, arch: Option<&str>) -> bool {
        self.arch.is_none() || self.arch == arch
    }

    /// The `#[cfg]` line that limits an item to this ISA's architecture.
    pub fn cfg_attr(&self) -> String {
        match self.arch {
            Some(a) => format!("#[cfg(target_arch = \"{a}\")]\n"),
            None => String::new(),
        }
    }

    /// The `#[target_feature]` line of its kernels (empty for none).
    pub fn target_feature_attr(&self) -> String {
        if self.features.is_empty() {
            String::new()
        } else {
            format!(
                "#[target_feature(enable = \"{}\")]\n",
                self.features.join(",")
            )
        }
    }

    /// A Rust expression that says whether the CPU has the features.
    pub fn detection(&self) -> String {
        let mac = match self.arch {
            Some("x86_64") => "std::is_x86_feature_detected",
            Some("aarch64") => "std::arch::is_aarch64_feature_detected",
            _ => return "true".to_string(),
        };
        if self.features.is_empty() {
            return "true".to_string();
        }
        self.features
            .iter()
            .map(|f| format!("{mac}!(\"{f}\")"))
            .collect::<Vec<_>>()
            .join(" && ")
    }
}
