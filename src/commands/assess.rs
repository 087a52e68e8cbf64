//! `xanh assess`.
