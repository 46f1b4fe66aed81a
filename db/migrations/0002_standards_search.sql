-- Full-text search over every standards item (SQLite FTS5), kept in step with standard_items by triggers.
CREATE VIRTUAL TABLE `standard_items_fts` USING fts5(code, title, full_statement, content='standard_items', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `standard_items_ai` AFTER INSERT ON `standard_items` BEGIN
  INSERT INTO standard_items_fts(rowid, code, title, full_statement) VALUES (new.rowid, new.code, new.title, new.full_statement);
END;
--> statement-breakpoint
CREATE TRIGGER `standard_items_ad` AFTER DELETE ON `standard_items` BEGIN
  INSERT INTO standard_items_fts(standard_items_fts, rowid, code, title, full_statement) VALUES ('delete', old.rowid, old.code, old.title, old.full_statement);
END;
--> statement-breakpoint
CREATE TRIGGER `standard_items_au` AFTER UPDATE ON `standard_items` BEGIN
  INSERT INTO standard_items_fts(standard_items_fts, rowid, code, title, full_statement) VALUES ('delete', old.rowid, old.code, old.title, old.full_statement);
  INSERT INTO standard_items_fts(rowid, code, title, full_statement) VALUES (new.rowid, new.code, new.title, new.full_statement);
END;
