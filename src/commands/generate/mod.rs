//! `xanh demo generate`: a synthetic framework and its values, for measuring
//! Xanh at the scale of a ministry consolidating every province. Everything
//! follows from the seed, so two runs with the same seed write the same files.

mod framework;
mod values;

use crate::cli::GenerateArgs;
use anyhow::{Context, bail};
use std::process::ExitCode;

/// The shape of a data set.
pub struct Shape {
    pub national: bool,
    pub provinces: usize,
    pub communes: usize,
    pub objectives: usize,
    pub per_objective: usize,
    pub first_year: i32,
    pub last_year: i32,
}

impl Shape {
    fn of(scale: &str) -> Option<Shape> {
        let common = |national, provinces, communes| Shape {
            national,
            provinces,
            communes,
            objectives: 10,
            per_objective: 20,
            first_year: 2015,
            last_year: 2030,
        };
        match scale {
            // 34 provinces and 3,321 commune-level units after the 2025 reorganisation.
            "national" => Some(common(true, 34, 3321)),
            "province" => Some(common(false, 1, 102)),
            _ => None,
        }
    }
}

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A generator for one thing, derived from the seed and the thing's numbers.
    pub fn derive(seed: u64, parts: &[u64]) -> Rng {
        let mut r = Rng::new(seed);
        for p in parts {
            r.0 ^= p.wrapping_mul(0xD6E8_FEB8_6659_FD93);
            r.next();
        }
        r
    }
}

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let Some(shape) = Shape::of(&args.scale) else {
        bail!(
            "--scale phải là national hoặc province, không phải \"{}\" / --scale must be national or province",
            args.scale
        );
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let started = std::time::Instant::now();
    let fw = framework::build(&shape, args.seed);
    let fw_path = args.out.join("framework.toml");
    std::fs::write(&fw_path, framework::toml(&fw, &shape))
        .with_context(|| format!("writing {}", fw_path.display()))?;
    let csv_path = args.out.join("values.csv");
    let rows = values::write(&fw, &shape, args.seed, &csv_path)?;
    eprintln!(
        "Đã ghi / written: {} ({} đơn vị cấp xã / communes, {} chỉ tiêu / indicators), {} ({rows} giá trị / values) trong / in {:.1} s",
        fw_path.display(),
        fw.communes.len(),
        fw.indicators.len(),
        csv_path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
