CREATE TABLE `decision_evidence` (
	`decision_id` text NOT NULL,
	`evidence_version_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`file_sha256` text,
	PRIMARY KEY(`decision_id`, `evidence_version_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_version_id`) REFERENCES `evidence_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_evidence_version` ON `decision_evidence` (`evidence_version_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`item_id` text NOT NULL,
	`assessor_id` text NOT NULL,
	`outcome` text NOT NULL,
	`methods` text NOT NULL,
	`checks` text NOT NULL,
	`feedback` text,
	`decided_on` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	`superseded_at` integer,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_standing` ON `decisions` (`enrolment_id`,`item_id`) WHERE "decisions"."status" = 'standing';--> statement-breakpoint
CREATE INDEX `decisions_enrolment_item` ON `decisions` (`enrolment_id`,`item_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_assessor` ON `decisions` (`assessor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `iqa_samples` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text NOT NULL,
	`iqa_id` text NOT NULL,
	`outcome` text NOT NULL,
	`comments` text NOT NULL,
	`action_required` text,
	`action_due` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`iqa_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `iqa_samples_decision_id_unique` ON `iqa_samples` (`decision_id`);--> statement-breakpoint
CREATE INDEX `iqa_samples_iqa` ON `iqa_samples` (`iqa_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`message` text NOT NULL,
	`link` text,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `sampling_plans` (
	`provider_id` text PRIMARY KEY NOT NULL,
	`full_sample_until_agreed` integer NOT NULL,
	`sample_percent` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `audit_events` ADD `actor_role` text;