"""A test set of document files made from our own texts (texts.yaml): PDFs in one and two
columns with running heads, page numbers, footnotes, hyphenation and tables, DOCX and ODT files,
scanned (image-only) PDFs, and hostile files. Generated at test or bench time into a folder."""
