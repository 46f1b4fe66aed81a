ALTER TABLE `courses` ADD `coverage_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `course_coverage_version_insert` AFTER INSERT ON `course_coverage` BEGIN
  UPDATE `courses` SET `coverage_version` = `coverage_version` + 1 WHERE `id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `course_coverage_version_update` AFTER UPDATE ON `course_coverage` BEGIN
  UPDATE `courses` SET `coverage_version` = `coverage_version` + 1 WHERE `id` IN (OLD.`course_id`, NEW.`course_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `course_coverage_version_delete` AFTER DELETE ON `course_coverage` BEGIN
  UPDATE `courses` SET `coverage_version` = `coverage_version` + 1 WHERE `id` = OLD.`course_id`;
END;
