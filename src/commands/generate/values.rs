//! The synthetic values: one per commune × indicator × year, as the values
//! CSV that `xanh import values` reads (period, indicator, unit_code, value, note),
//! in the order of the database's key so that loading it appends.

use super::framework::{Framework, Kind};
use super::{Rng, Shape};
use anyhow::Context;
use std::io::Write;
use std::path::Path;

const RATINGS: &[&str] = &["Tốt", "Khá", "Trung bình", "Yếu"];

pub fn write(fw: &Framework, shape: &Shape, seed: u64, path: &Path) -> anyhow::Result<u64> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let years = shape.first_year..=shape.last_year;
    let total = (fw.communes.len() * fw.indicators.len() * years.clone().count()) as u64;
    let bar = super::super::import::progress_bar(total, "dòng / rows", false);
    writeln!(out, "period,indicator,unit_code,value,note")?;
    let mut rows = 0u64;
    for year in years {
        let t = f64::from(year - shape.first_year);
        for (i, ind) in fw.indicators.iter().enumerate() {
            for (c, (unit, _, _)) in fw.communes.iter().enumerate() {
                let mut level = Rng::derive(seed, &[3, i as u64, c as u64]);
                let base = level.unit() - 0.5;
                let reached_in = 2017 + (level.next() % 14) as i32;
                let noise = Rng::derive(seed, &[4, i as u64, c as u64, year as u64]).unit() - 0.5;
                write!(out, "annual-{year},{},{unit},", ind.code)?;
                match ind.kind {
                    Kind::Percent => {
                        let v = (ind.start + ind.spread * base * 2.0 + ind.trend * t + noise * 2.0)
                            .clamp(0.0, 100.0);
                        write!(out, "{v:.1}")?;
                    }
                    Kind::Number => {
                        let v = (ind.start
                            + ind.spread * base * 2.0
                            + ind.trend * t
                            + noise * ind.spread * 0.1)
                            .max(0.0);
                        write!(out, "{v:.1}")?;
                    }
                    Kind::Milestone => {
                        out.write_all(if year >= reached_in { b"1" } else { b"0" })?;
                    }
                    Kind::Qualitative => {
                        let k = ((base + 0.5) * 3.0 + t / 8.0) as usize;
                        out.write_all(
                            RATINGS[RATINGS.len() - 1 - k.min(RATINGS.len() - 1)].as_bytes(),
                        )?;
                    }
                }
                out.write_all(b",\n")?;
                rows += 1;
            }
            bar.inc(fw.communes.len() as u64);
        }
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(rows)
}
