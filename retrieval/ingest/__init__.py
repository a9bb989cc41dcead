"""Files → `Article`: which files of a corpus folder are articles, their bytes decoded, the
page's furniture dropped and its citation fields (title, date, source, author, URL) picked out.

Entry points: `corpus.corpus_files(folder)` lists the articles, `corpus.parse_file(path, data)`
turns one file into an `Article`.
"""
