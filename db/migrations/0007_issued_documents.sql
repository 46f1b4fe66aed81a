CREATE TABLE `issued_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`sha256` text,
	`byte_size` integer,
	`outcome` text NOT NULL,
	`draft` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` text,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issued_documents_code_unique` ON `issued_documents` (`code`);--> statement-breakpoint
CREATE INDEX `issued_documents_enrolment` ON `issued_documents` (`enrolment_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `issued_documents_sha256` ON `issued_documents` (`sha256`);