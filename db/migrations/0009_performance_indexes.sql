CREATE INDEX `course_coverage_cover` ON `course_coverage` (`course_id`,`item_id`,`teaches`,`assesses`);--> statement-breakpoint
CREATE INDEX `courses_programme` ON `courses` (`programme_id`);--> statement-breakpoint
CREATE INDEX `criterion_progress_item` ON `criterion_progress` (`item_id`);--> statement-breakpoint
CREATE INDEX `decisions_item` ON `decisions` (`item_id`);--> statement-breakpoint
CREATE INDEX `enrolment_frameworks_framework` ON `enrolment_frameworks` (`framework_id`);--> statement-breakpoint
CREATE INDEX `enrolments_provider_programme` ON `enrolments` (`provider_id`,`programme_id`,`status`,`enrolled_at`,`achieved_at`);--> statement-breakpoint
CREATE INDEX `enrolments_programme` ON `enrolments` (`programme_id`);--> statement-breakpoint
CREATE INDEX `evidence_mappings_item` ON `evidence_mappings` (`item_id`);--> statement-breakpoint
CREATE INDEX `submissions_scope` ON `submissions` (`scope_item_id`);