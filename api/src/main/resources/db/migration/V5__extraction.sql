-- Extracted text of each document (large texts are TOASTed and compressed by PostgreSQL).
CREATE TABLE document_text (
    document_id  uuid PRIMARY KEY REFERENCES document(id),
    text         text NOT NULL,
    truncated    boolean NOT NULL DEFAULT false,
    ocr          boolean NOT NULL DEFAULT false,
    language     text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
