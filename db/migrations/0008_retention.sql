CREATE TABLE `retention_policies` (
	`provider_id` text PRIMARY KEY NOT NULL,
	`evidence_weeks_after_certification` integer NOT NULL,
	`record_years` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `evidence_versions` ADD `file_removed_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `erased_at` integer;