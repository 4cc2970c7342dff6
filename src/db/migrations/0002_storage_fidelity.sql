-- Storage fidelity: plays keep their runner moves, fielding errors, sac flies, catcher's
-- interference and the bases after; a play with no batter (steal, wild pitch) stores none; the
-- games row keeps its pace and the side it waits on (until now kept in game_sessions.state_snapshot).
ALTER TABLE "plays" DROP CONSTRAINT "plays_batting_order_range";--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_stats_nonnegative";--> statement-breakpoint
ALTER TABLE "plays" ALTER COLUMN "batting_order" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "plays" ALTER COLUMN "batter_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "games" ADD COLUMN "pace" text DEFAULT 'live' NOT NULL;--> statement-breakpoint
ALTER TABLE "games" ADD COLUMN "awaiting_side" text;--> statement-breakpoint
ALTER TABLE "plays" ADD COLUMN "on_base_code_after" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plays" ADD COLUMN "runners" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "plays" ADD COLUMN "errors" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "plays" ADD COLUMN "sf" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "plays" ADD COLUMN "ci" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill from the old workarounds: pace and awaiting side from the session snapshot, and
-- plays stored with their pitcher as batter (no batter) get none.
UPDATE "games" AS g SET "pace" = CASE WHEN s."state_snapshot"->>'pace' = 'async' THEN 'async' ELSE 'live' END, "awaiting_side" = CASE WHEN g."status" = 'active' AND s."state_snapshot"->>'awaitingSide' IN ('home', 'away') THEN s."state_snapshot"->>'awaitingSide' END FROM "game_sessions" AS s WHERE s."game_id" = g."id";--> statement-breakpoint
UPDATE "plays" SET "batter_id" = NULL, "batting_order" = NULL WHERE "batter_id" = "pitcher_id" AND "pa" = 0;--> statement-breakpoint
CREATE INDEX "games_awaiting_side_idx" ON "games" USING btree ("league_id","awaiting_side") WHERE "games"."awaiting_side" is not null;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_pace_valid" CHECK ("games"."pace" in ('live', 'async'));--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_awaiting_side_valid" CHECK ("games"."awaiting_side" is null or ("games"."awaiting_side" in ('home', 'away') and "games"."status" = 'active'));--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_batter_for_pa" CHECK ("plays"."batter_id" is not null or "plays"."pa" = 0);--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_batting_order_with_batter" CHECK (("plays"."batter_id" is null) = ("plays"."batting_order" is null));--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_base_code_after_range" CHECK ("plays"."on_base_code_after" between 0 and 7);--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_runners_errors_arrays" CHECK (jsonb_typeof("plays"."runners") = 'array' and jsonb_typeof("plays"."errors") = 'array');--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_batting_order_range" CHECK ("plays"."batting_order" is null or "plays"."batting_order" between 1 and 9);--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_stats_nonnegative" CHECK (least("plays"."pa", "plays"."ab", "plays"."hit", "plays"."double", "plays"."triple", "plays"."homerun", "plays"."bb", "plays"."so",
        "plays"."hbp", "plays"."rbi", "plays"."sac", "plays"."sf", "plays"."ibb", "plays"."gidp", "plays"."sb", "plays"."cs", "plays"."wild_pitch",
        "plays"."passed_ball", "plays"."pick_off", "plays"."balk", "plays"."bphr", "plays"."bpfo", "plays"."bp1b", "plays"."bplo",
        "plays"."run", "plays"."e_run", "plays"."ci") >= 0);