CREATE TABLE `course_coverage` (
	`course_id` text NOT NULL,
	`item_id` text NOT NULL,
	`teaches` integer NOT NULL,
	`assesses` integer NOT NULL,
	PRIMARY KEY(`course_id`, `item_id`),
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_coverage_item` ON `course_coverage` (`item_id`);--> statement-breakpoint
CREATE TABLE `course_trainers` (
	`course_id` text NOT NULL,
	`trainer_id` text NOT NULL,
	PRIMARY KEY(`course_id`, `trainer_id`),
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trainer_id`) REFERENCES `trainers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_trainers_trainer` ON `course_trainers` (`trainer_id`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`hours` integer NOT NULL,
	`programme_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `courses_provider` ON `courses` (`provider_id`,`starts_on`);--> statement-breakpoint
CREATE TABLE `trainer_experience` (
	`id` text PRIMARY KEY NOT NULL,
	`trainer_id` text NOT NULL,
	`years` integer NOT NULL,
	`cases_facilitated` integer NOT NULL,
	`accreditation` text,
	`accredited_on` text,
	`recorded_at` integer NOT NULL,
	`recorded_by` text,
	FOREIGN KEY (`trainer_id`) REFERENCES `trainers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trainer_experience_trainer` ON `trainer_experience` (`trainer_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `trainers` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trainers_provider` ON `trainers` (`provider_id`);