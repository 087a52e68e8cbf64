//! `xanh assess` as an analyst runs it.
