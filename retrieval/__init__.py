"""Everything from files to ranked answers, by stage; data flows one way:

    ingest/   files → Article          (decoding, furniture, citation fields)
    index/    Article → sentences → tokens → BM25 index, kept on disk
    answer/   question → candidates → features → Result, follow-ups, evaluation

`models` holds the typed things that travel between stages, `config` the settings.
`retrieval` never imports `bot`.
"""
