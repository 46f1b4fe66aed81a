CREATE TABLE `submission_items` (
	`submission_id` text NOT NULL,
	`item_id` text NOT NULL,
	PRIMARY KEY(`submission_id`, `item_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submission_items_item` ON `submission_items` (`item_id`);