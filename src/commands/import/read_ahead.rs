//! Reading ahead: the CSV file is read and checked on a thread of its own while
//! the database writes the previous batches.

use super::csv_source::CsvSource;
use anyhow::Context;
use xanh_store::{BulkRow, BulkSource};

/// Reads and checks on a thread of its own while the database writes the
/// previous batches: the two take about as long as each other, and this
/// machine has two cores. A few batches are read ahead at most.
pub(super) struct ReadAhead {
    pub(super) batches: std::sync::mpsc::Receiver<(Vec<BulkRow>, bool)>,
    pub(super) reader: Option<std::thread::JoinHandle<CsvSource>>,
    /// The source, back from its thread once every row is read.
    pub(super) done: Option<CsvSource>,
    pub(super) clean: bool,
}

impl ReadAhead {
    pub(super) fn start(mut source: CsvSource) -> ReadAhead {
        let (send, batches) = std::sync::mpsc::sync_channel(4);
        let reader = std::thread::spawn(move || {
            while let Some(batch) = source.next_batch() {
                if send.send((batch, source.is_clean())).is_err() {
                    break; // the writer stopped (a database error): stop reading too
                }
            }
            source
        });
        ReadAhead {
            batches,
            reader: Some(reader),
            done: None,
            clean: true,
        }
    }

    /// The source, once every batch has been taken (or the writer gave up).
    pub(super) fn finish(mut self) -> anyhow::Result<CsvSource> {
        if let Some(source) = self.done.take() {
            return Ok(source);
        }
        drop(self.batches);
        self.reader.take().and_then(|r| r.join().ok()).context(
            "đọc tệp bị gián đoạn; không lưu gì / reading the file failed; nothing was stored",
        )
    }
}

impl BulkSource for ReadAhead {
    fn next_batch(&mut self) -> Option<Vec<BulkRow>> {
        match self.batches.recv() {
            Ok((batch, clean)) => {
                self.clean = clean;
                Some(batch)
            }
            Err(_) => {
                // Every batch is taken: the source's own word on the whole file.
                // A reading thread that failed leaves the file unread: nothing is stored.
                match self.reader.take().map(|r| r.join()) {
                    Some(Ok(source)) => {
                        self.clean = source.is_clean();
                        self.done = Some(source);
                    }
                    _ => self.clean = false,
                }
                None
            }
        }
    }

    fn is_clean(&self) -> bool {
        self.clean
    }

    fn finishing(&mut self) {
        if let Some(source) = self.done.as_mut() {
            source.finishing();
        }
    }
}
