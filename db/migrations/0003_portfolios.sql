CREATE TABLE `allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`assessor_id` text NOT NULL,
	`iqa_id` text NOT NULL,
	`from_at` integer NOT NULL,
	`to_at` integer,
	`changed_by` text,
	`reason` text,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`iqa_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allocations_enrolment` ON `allocations` (`enrolment_id`,`to_at`);--> statement-breakpoint
CREATE INDEX `allocations_assessor` ON `allocations` (`assessor_id`,`to_at`);--> statement-breakpoint
CREATE INDEX `allocations_iqa` ON `allocations` (`iqa_id`,`to_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `allocations_current` ON `allocations` (`enrolment_id`) WHERE "allocations"."to_at" is null;--> statement-breakpoint
CREATE TABLE `criterion_progress` (
	`enrolment_id` text NOT NULL,
	`item_id` text NOT NULL,
	`status` text NOT NULL,
	`submitted_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`enrolment_id`, `item_id`),
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `criterion_progress_status` ON `criterion_progress` (`status`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `declarations` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`statement` text NOT NULL,
	`declared_at` integer NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `declarations_enrolment` ON `declarations` (`enrolment_id`);--> statement-breakpoint
CREATE TABLE `enrolment_frameworks` (
	`enrolment_id` text NOT NULL,
	`framework_id` text NOT NULL,
	PRIMARY KEY(`enrolment_id`, `framework_id`),
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`framework_id`) REFERENCES `standard_frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`programme_id` text NOT NULL,
	`candidate_number` text NOT NULL,
	`status` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	`enrolled_by` text,
	`achieved_at` integer,
	`revision` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enrolled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_candidate_programme` ON `enrolments` (`candidate_id`,`programme_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_provider_number` ON `enrolments` (`provider_id`,`candidate_number`);--> statement-breakpoint
CREATE INDEX `enrolments_provider` ON `enrolments` (`provider_id`,`status`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`reference` text NOT NULL,
	`kind` text NOT NULL,
	`current_version_id` text,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_reference` ON `evidence` (`enrolment_id`,`reference`);--> statement-breakpoint
CREATE INDEX `evidence_enrolment` ON `evidence` (`enrolment_id`,`deleted_at`);--> statement-breakpoint
CREATE TABLE `evidence_mappings` (
	`evidence_id` text NOT NULL,
	`item_id` text NOT NULL,
	`enrolment_id` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`evidence_id`, `item_id`),
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_mappings_enrolment_item` ON `evidence_mappings` (`enrolment_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `evidence_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`evidence_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`evidence_date` text,
	`file_sha256` text,
	`file_name` text,
	`file_size` integer,
	`media_type` text,
	`content_hash` text NOT NULL,
	`personal_data` text,
	`personal_data_reason` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	`locked_at` integer,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_versions_number` ON `evidence_versions` (`evidence_id`,`version`);--> statement-breakpoint
CREATE INDEX `evidence_versions_file` ON `evidence_versions` (`file_sha256`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`scope_item_id` text,
	`declaration_id` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_by` text NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scope_item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declaration_id`) REFERENCES `declarations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_enrolment` ON `submissions` (`enrolment_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `witness_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`evidence_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`witness_name` text NOT NULL,
	`witness_role` text NOT NULL,
	`relationship` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `witness_requests_token_hash_unique` ON `witness_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `witness_requests_evidence` ON `witness_requests` (`evidence_id`);