//! `xanh assess`: one series against one target, computed exactly as Xanh
//! computes every indicator's status (`xanh_core::assess`), and printed with
//! each figure's formula so that an analyst can check it by hand. Needs no
//! database. Input that cannot be read gives a message in Vietnamese and
//! English on stderr and exit code 2.

use crate::cli::AssessArgs;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::process::ExitCode;
use xanh_core::Lang;
use xanh_core::assess::{
    Assessment, MODERATE_GROWTH, MethodA, MethodB, ON_TRACK_GROWTH, Projection, Series, Status,
    ZERO_REPLACEMENT, assess, parse_series, parse_target,
};
use xanh_core::framework::{Baseline, Direction, Target};
use xanh_core::number::{format_vi, parse_number};

mod input;
mod text;

use input::*;
use text::*;

/// The exit code for input that cannot be read.
const BAD_INPUT: u8 = 2;

/// The years a series, a target or a base may name (as `parse_series` reads them).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// How wide the labels of the text output are, in characters.
const LABEL: usize = 36;

/// How wide the value column is when a formula follows it, in characters.
const VALUE: usize = 16;

/// How wide the explanation sentence is wrapped, in characters.
const WRAP: usize = 92;

pub fn run(args: AssessArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_code(&args.lang);
    let inputs = match read(&args) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("LỖI: {}", e.vi);
            eprintln!("ERROR: {}", e.en);
            eprintln!("Xem / see: xanh assess --help");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let a = assess(
        &inputs.target,
        inputs.direction,
        inputs.natural_limit,
        inputs.baseline,
        &inputs.series,
        inputs.year,
    );
    if args.json {
        println!("{}", json(&inputs, &a)?);
    } else {
        print!("{}", report(&inputs, &a, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// The inputs as read and the whole assessment, pretty-printed.
fn json(inputs: &Inputs, a: &Assessment) -> serde_json::Result<String> {
    let mut input = Map::new();
    input.insert("series".into(), serde_json::to_value(&inputs.series)?);
    input.insert("target".into(), serde_json::to_value(inputs.target)?);
    input.insert("direction".into(), serde_json::to_value(inputs.direction)?);
    input.insert(
        "direction_given".into(),
        Value::Bool(inputs.direction_given),
    );
    let base_year = match inputs.base_source {
        BaseSource::BaseYear(y) => Value::from(y),
        _ => Value::Null,
    };
    input.insert("base_year".into(), base_year);
    input.insert("baseline".into(), serde_json::to_value(inputs.baseline)?);
    input.insert("year".into(), Value::from(inputs.year));
    input.insert(
        "natural_limit".into(),
        serde_json::to_value(inputs.natural_limit)?,
    );
    let mut out = Map::new();
    out.insert("inputs".into(), Value::Object(input));
    out.insert("assessment".into(), serde_json::to_value(a)?);
    serde_json::to_string_pretty(&Value::Object(out))
}
