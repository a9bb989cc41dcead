"""Articles → sentences → tokens → the BM25 index, and the index kept on disk.

Entry point: `store.Store(settings).load()` gives the `sentence_index.Index` for a corpus,
tokenizing only files whose content it has not seen (`parts`, `build`), and writing what it
made atomically (`atomic`). `tokenizer` is shared with the answer stage, so a question and a
sentence are matched in the same terms.
"""
