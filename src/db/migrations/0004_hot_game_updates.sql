DROP INDEX "games_awaiting_side_idx";--> statement-breakpoint
DROP INDEX "games_active_last_action_idx";--> statement-breakpoint
CREATE INDEX "games_active_idx" ON "games" USING btree ("league_id") WHERE "games"."status" = 'active';--> statement-breakpoint
-- Room on each page for the new version of a row, so the update every action makes stays on the
-- page (HOT) instead of moving the row and re-indexing it (drizzle-kit does not track storage
-- parameters: this line is ours).
ALTER TABLE "games" SET (fillfactor = 80);
