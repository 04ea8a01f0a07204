-- Documents whose scanned pages wait for OCR (the OCR_UNAVAILABLE warning), found at every start-up of an
-- instance with OCR and by the re-extraction command: normally none or a few, so a small partial index
-- answers instead of a scan of every document's problems.
CREATE INDEX document_ocr_unavailable_idx ON document(id) WHERE problems @> '[{"code": "OCR_UNAVAILABLE"}]'::jsonb;
