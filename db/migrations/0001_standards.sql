CREATE TABLE `crosswalk_links` (
	`id` text PRIMARY KEY NOT NULL,
	`from_item_id` text NOT NULL,
	`to_item_id` text NOT NULL,
	`relation` text NOT NULL,
	`rationale` text NOT NULL,
	FOREIGN KEY (`from_item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crosswalk_links_pair` ON `crosswalk_links` (`from_item_id`,`to_item_id`);--> statement-breakpoint
CREATE INDEX `crosswalk_links_to` ON `crosswalk_links` (`to_item_id`);--> statement-breakpoint
CREATE TABLE `programme_requirements` (
	`programme_id` text NOT NULL,
	`item_id` text NOT NULL,
	`group_title` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`programme_id`, `item_id`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `standard_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_requirements_item` ON `programme_requirements` (`item_id`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`prerequisite` text,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_version` ON `programmes` (`slug`,`version`);--> statement-breakpoint
CREATE TABLE `standard_frameworks` (
	`id` text PRIMARY KEY NOT NULL,
	`framework` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`short_title` text NOT NULL,
	`publisher` text NOT NULL,
	`published` text,
	`source` text NOT NULL,
	`description` text NOT NULL,
	`attributes` text NOT NULL,
	`hours` text,
	`content_hash` text NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standard_frameworks_version` ON `standard_frameworks` (`framework`,`version`);--> statement-breakpoint
CREATE TABLE `standard_items` (
	`id` text PRIMARY KEY NOT NULL,
	`framework_id` text NOT NULL,
	`code` text NOT NULL,
	`type` text NOT NULL,
	`title` text,
	`statement` text,
	`full_statement` text NOT NULL,
	`bullets` text,
	`audience` text,
	`notes` text,
	`parent_id` text,
	`depth` integer NOT NULL,
	`sequence` integer NOT NULL,
	`position` integer NOT NULL,
	`assessable` integer NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `standard_frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standard_items_code` ON `standard_items` (`framework_id`,`code`);--> statement-breakpoint
CREATE INDEX `standard_items_parent` ON `standard_items` (`parent_id`);--> statement-breakpoint
CREATE INDEX `standard_items_position` ON `standard_items` (`framework_id`,`position`);