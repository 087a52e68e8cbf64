//! Liberation Serif: metric-compatible with Times New Roman (the font Decree
//! 30/2020 names), with full Vietnamese coverage, free to ship (SIL OFL, see
//! fonts/LICENSE-Liberation.txt). Embedded so that documents look the same on
//! any server, whatever fonts it has installed.

pub const LIBERATION_SERIF: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];
