CREATE TABLE `standards_source` (
	`id` integer PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`imported_at` integer NOT NULL
);
