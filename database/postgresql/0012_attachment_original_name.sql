-- The name the file had on the sender's device, cleaned (no folders, no control characters, at most 100 characters).
-- Shown to staff reading the case only, never on a public page. Null for files kept before it was recorded.
ALTER TABLE ObjectionAttachment ADD OriginalName VARCHAR(100) NULL;
